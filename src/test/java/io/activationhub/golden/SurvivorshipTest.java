package io.activationhub.golden;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SurvivorshipTest {

    private static final Instant JAN = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant OCT = Instant.parse("2026-10-10T00:00:00Z");

    @Test
    void theMostTrustedSourceWinsUnlessTheFieldSaysOtherwise() {
        Survivorship s = Survivorship.defaults();
        var city = s.choose("city", List.of(new SourceValue("city", "BOULOGNE", "registration", OCT),
                new SourceValue("city", "BOULOGNE BILLANCOURT", "loyalty", JAN))).orElseThrow();
        assertThat(city.value().value()).isEqualTo("BOULOGNE BILLANCOURT");
        assertThat(city.rule()).isEqualTo("trusted");

        var email = s.choose("email", List.of(new SourceValue("email", "old@x.org", "loyalty", JAN),
                new SourceValue("email", "new@x.org", "registration", OCT))).orElseThrow();
        assertThat(email.value().value()).isEqualTo("new@x.org");
        assertThat(email.rule()).isEqualTo("recent");

        var first = s.choose("first_name", List.of(new SourceValue("first_name", "D.", "loyalty", OCT),
                new SourceValue("first_name", "Delphine", "registration", JAN))).orElseThrow();
        assertThat(first.value().value()).isEqualTo("Delphine");
        assertThat(first.rule()).isEqualTo("complete");
    }

    @Test
    void emptyValuesNeverWinAndTiesFallThroughTheRules() {
        Survivorship s = new Survivorship(List.of("loyalty"), Map.of(), List.of("trusted", "recent"));
        assertThat(s.choose("city", List.of(new SourceValue("city", " ", "loyalty", OCT)))).isEmpty();
        var c = s.choose("city", List.of(new SourceValue("city", "LYON", "loyalty", JAN),
                new SourceValue("city", "LILLE", "loyalty", OCT), new SourceValue("city", null, "loyalty", OCT))).orElseThrow();
        assertThat(c.value().value()).isEqualTo("LILLE");
        assertThat(c.rule()).isEqualTo("recent");
        assertThatThrownBy(() -> new Survivorship(List.of(), Map.of("city", List.of("loudest")), List.of()))
                .hasMessageContaining("unknown survivorship rule 'loudest'");
    }
}
