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

    /** One place per letter: values of one letter are one place, written more or less completely. */
    private static boolean sameLetter(SourceValue a, SourceValue b) {
        return a.value().charAt(0) == b.value().charAt(0);
    }

    @Test
    void aPersonWhoMovedKeepsTheAddressGivenLastHoweverShortAndSaysSinceWhen() {
        Survivorship s = new Survivorship(List.of("loyalty", "registration"),
                Map.of("address", List.of("recent-place", "complete", "recent", "trusted")), List.of("trusted"));
        Instant dec = Instant.parse("2026-12-01T00:00:00Z");
        // lived at A (written fully in January), moved to B (given in October, and again more fully in December)
        var moved = s.choose("address", List.of(new SourceValue("address", "A 122 AVENUE LONGUE", "loyalty", JAN),
                new SourceValue("address", "B 3 RUE", "registration", OCT),
                new SourceValue("address", "B 3 RUE COURTE", "loyalty", dec)), SurvivorshipTest::sameLetter).orElseThrow();
        assertThat(moved.value().value()).isEqualTo("B 3 RUE COURTE");
        assertThat(moved.rule()).isEqualTo("recent-place, then complete");
        assertThat(moved.movedIn()).isEqualTo(OCT);

        var alone = s.choose("address", List.of(new SourceValue("address", "A 122 AVENUE LONGUE", "loyalty", JAN),
                new SourceValue("address", "B 3 RUE", "registration", OCT)), SurvivorshipTest::sameLetter).orElseThrow();
        assertThat(alone.value().value()).isEqualTo("B 3 RUE");
        assertThat(alone.rule()).isEqualTo("recent-place");
        assertThat(alone.movedIn()).isEqualTo(OCT);

        // one place written twice: the most complete survives, however old, and nobody moved
        var stayed = s.choose("address", List.of(new SourceValue("address", "A 4 AV DESFEUX", "loyalty", JAN),
                new SourceValue("address", "A DESFEUX", "registration", OCT)), SurvivorshipTest::sameLetter).orElseThrow();
        assertThat(stayed.value().value()).isEqualTo("A 4 AV DESFEUX");
        assertThat(stayed.rule()).isEqualTo("complete");
        assertThat(stayed.movedIn()).isNull();
    }

    @Test
    void recentPlaceIsForTheAddressOnly() {
        assertThatThrownBy(() -> new Survivorship(List.of(), Map.of("email", List.of("recent-place")), List.of()))
                .hasMessageContaining("'recent-place' applies to the address, not to email");
        assertThatThrownBy(() -> new Survivorship(List.of(), Map.of(), List.of("recent-place", "recent")))
                .hasMessageContaining("not in the default rules");
        Survivorship s = new Survivorship(List.of(), Map.of("address", List.of("recent-place")), List.of());
        assertThatThrownBy(() -> s.choose("address", List.of(new SourceValue("address", "A", "x", JAN),
                new SourceValue("address", "B", "x", OCT))))
                .hasMessageContaining("'recent-place' applies to addresses");
    }
}
