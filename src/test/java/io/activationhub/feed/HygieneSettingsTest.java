package io.activationhub.feed;

import io.activationhub.customer.MemberCleaner;
import io.activationhub.customer.RawMember;
import io.activationhub.hygiene.ValidityRanges;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployment's validity ranges, as {@code application.properties} or the environment give them. */
class HygieneSettingsTest {

    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-08T10:00:00Z"), ZoneOffset.UTC);

    @Configuration
    @EnableConfigurationProperties(HygieneSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void withNothingSetTheDefaultsApply() {
        context.run(c -> {
            ValidityRanges ranges = c.getBean(HygieneSettings.class).validityRanges(TODAY);
            assertThat(ranges.birthAge()).isEqualTo(new ValidityRanges.AgeRange(16, 110));
            assertThat(ranges.range(ValidityRanges.SALARY)).hasValueSatisfying(
                    r -> assertThat(r.toString()).isEqualTo("20000..150000"));
            assertThat(ranges.range(ValidityRanges.POS_UNIT_PRICE)).hasValueSatisfying(
                    r -> assertThat(r.toString()).isEqualTo("0..10000"));
        });
    }

    @Test
    void aFieldGivenReplacesItsDefaultAnEmptyOneRemovesItAndANewOneIsAdded() {
        context.withPropertyValues("hub.hygiene.birth-age=18..99", "hub.hygiene.ranges[salary]=15000..",
                        "hub.hygiene.ranges[pos.discount]=", "hub.hygiene.ranges[points]=0..100000")
                .run(c -> {
                    ValidityRanges ranges = c.getBean(HygieneSettings.class).validityRanges(TODAY);
                    assertThat(ranges.birthAge()).isEqualTo(new ValidityRanges.AgeRange(18, 99));
                    assertThat(ranges.check(ValidityRanges.SALARY, new BigDecimal("900000"))).isEmpty();
                    assertThat(ranges.check(ValidityRanges.SALARY, new BigDecimal("14999"))).hasSize(1);
                    assertThat(ranges.range(ValidityRanges.POS_DISCOUNT)).isEmpty();
                    assertThat(ranges.range(ValidityRanges.POS_QUANTITY)).isPresent();
                    assertThat(ranges.check("points", new BigDecimal("100001"))).hasSize(1);
                });
    }

    @Test
    void aRangeThatCannotBeReadStopsTheStartNamingTheProperty() {
        context.withPropertyValues("hub.hygiene.ranges[pos.unit_price]=0-500").run(c -> {
            assertThat(c).hasFailed();
            assertThat(c.getStartupFailure()).rootCause()
                    .hasMessageContaining("hub.hygiene.ranges[pos.unit_price]: '0-500' is not a range written min..max");
        });
        context.withPropertyValues("hub.hygiene.birth-age=16..").run(c -> {
            assertThat(c).hasFailed();
            assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("hub.hygiene.birth-age: '16..': give both ages");
        });
    }

    @Test
    void aLoyaltyMembersBirthDateIsCheckedAgainstTheDeploymentsAges() {
        // 14 years old: out of the default 16..110, within a deployment's 12..110
        String born = LocalDate.now(Clock.systemUTC()).minusYears(14).minusDays(30).toString();
        RawMember member = new RawMember(1, "C1", "S1", null, "Mme", "Lina", "Martin", null, born, null, null, null,
                "4 rue des Lilas", null, null, null, "75015", "Paris", "FR", null, null, null);
        DataQualityCounts defaults = new DataQualityCounts();
        new MemberCleaner().clean(member, defaults);
        assertThat(defaults.counts()).containsKey(new DataQualityCounts.Key("birth_date", "flagged", "OUT_OF_RANGE"));
        context.withPropertyValues("hub.hygiene.birth-age=12..110").run(c -> {
            DataQualityCounts young = new DataQualityCounts();
            new MemberCleaner(c.getBean(HygieneSettings.class)).clean(member, young);
            assertThat(young.counts()).doesNotContainKey(new DataQualityCounts.Key("birth_date", "flagged", "OUT_OF_RANGE"));
        });
    }
}
