package io.activationhub.customer;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Survivorship as configured ({@code hub.golden.*}) applied to a customer's source records. */
class GoldenRecordsTest {

    private static CleanMember member(String first, String email, String line4, String postcode, String city,
                                      LocalDate birth) {
        return new CleanMember(null, "S01", null, "MME", first, "Pilliard", birth, email, null, null, null, null, line4,
                null, postcode, city, "FR", null, null, null);
    }

    private static SourceRecord record(String source, String key, String at, CleanMember m) {
        return new SourceRecord(source, key, Instant.parse(at), m, source, "test");
    }

    @Test
    void eachFieldSurvivesByItsRules() {
        GoldenRecords golden = new GoldenRecords(null, new GoldenSettings(List.of("loyalty", "registration"),
                Map.of("email", List.of("recent", "trusted"), "first_name", List.of("complete", "trusted"),
                        "address", List.of("complete", "recent")), List.of("trusted", "recent", "complete")));
        SourceRecord loyalty = record("loyalty", "C1", "2024-01-01T00:00:00Z",
                member("D", "old@example.org", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", LocalDate.of(1980, 3, 12)));
        SourceRecord web = record("registration", "R1", "2025-06-01T00:00:00Z",
                member("Delphine", "new@example.org", "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", LocalDate.of(1980, 12, 3)));
        GoldenRecords.Golden g = golden.derive(List.of(loyalty, web));
        assertThat(g.member().firstName()).isEqualTo("Delphine");
        assertThat(g.why().get("first_name")).isEqualTo("registration by complete");
        assertThat(g.member().email()).isEqualTo("new@example.org");
        assertThat(g.why().get("email")).isEqualTo("registration by recent");
        assertThat(g.member().addressLine4()).isEqualTo("4 AV DESFEUX");
        assertThat(g.member().postcode()).isEqualTo("92100");
        // birth date: default rules, the trusted source first
        assertThat(g.member().birthDate()).isEqualTo(LocalDate.of(1980, 3, 12));
        assertThat(g.why().get("birth_date")).isEqualTo("loyalty by trusted");
        assertThat(g.why().get("last_name")).isEqualTo("loyalty by trusted");
    }

    private static final GoldenSettings AS_CONFIGURED = new GoldenSettings(List.of("loyalty", "registration"),
            Map.of("address", List.of("recent-place", "complete", "recent", "trusted")), List.of("trusted", "recent", "complete"));

    @Test
    void aMoverKeepsTheAddressGivenLastEvenWhenShorterAndIsFlaggedSinceThen() {
        GoldenRecords golden = new GoldenRecords(null, AS_CONFIGURED);
        SourceRecord before = record("loyalty", "C1", "2024-01-01T00:00:00Z",
                member("Delphine", "d@example.org", "122 AV NATHALIE FONONRICHAED", "67000", "STRASBOURG", null));
        SourceRecord after = record("registration", "R1", "2025-06-01T00:00:00Z",
                member("Delphine", "d@example.org", "3 BD XAVIER PRIVAS", "75001", "PARIS", null));
        GoldenRecords.Golden g = golden.derive(List.of(before, after));
        assertThat(g.member().addressLine4()).isEqualTo("3 BD XAVIER PRIVAS");
        assertThat(g.member().postcode()).isEqualTo("75001");
        assertThat(g.member().city()).isEqualTo("PARIS");
        assertThat(g.why().get("address")).isEqualTo("registration by recent-place");
        assertThat(g.movedIn()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));

        // a later loyalty record at the new place, written more fully (the street type in full): the most complete at
        // the new place, moved in
        // when that place was first given
        SourceRecord again = record("loyalty", "C2", "2025-09-01T00:00:00Z",
                member("Delphine", "d@example.org", "3 BOULEVARD XAVIER PRIVAS", "75001", "PARIS", null));
        GoldenRecords.Golden g2 = golden.derive(List.of(before, after, again));
        assertThat(g2.member().addressLine4()).isEqualTo("3 BOULEVARD XAVIER PRIVAS");
        assertThat(g2.why().get("address")).isEqualTo("loyalty by recent-place, then complete");
        assertThat(g2.movedIn()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));

        // another number in the same street is another home
        GoldenRecords.Golden g3 = golden.derive(List.of(
                record("loyalty", "C1", "2024-01-01T00:00:00Z", member("D", null, "14 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                record("loyalty", "C2", "2025-01-01T00:00:00Z", member("D", null, "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null))));
        assertThat(g3.member().addressLine4()).isEqualTo("4 AV DESFEUX");
        assertThat(g3.movedIn()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void oneAddressWrittenMoreOrLessCompletelyIsNotAMove() {
        GoldenRecords golden = new GoldenRecords(null, AS_CONFIGURED);
        String[][] sameHome = {
                // the brief's example: without number and with another street type, then with a typo, without postcode
                {"RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT"},
                {"AV DESFEIX", "92100", "BOULOGNE BILLANCOURT"},
                {"4 AV DESFEUX", null, "BOULOGNE"},
                {null, "92100", "BOULOGNE BILLANCOURT"},
        };
        SourceRecord first = record("loyalty", "C1", "2024-01-01T00:00:00Z",
                member("Delphine", null, "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null));
        for (String[] later : sameHome) {
            GoldenRecords.Golden g = golden.derive(List.of(first, record("registration", "R1", "2025-06-01T00:00:00Z",
                    member("Delphine", null, later[0], later[1], later[2], null))));
            assertThat(g.member().addressLine4()).as(String.join(" / ", java.util.Arrays.asList(later))).isEqualTo("4 AV DESFEUX");
            assertThat(g.member().postcode()).isEqualTo("92100");
            assertThat(g.why().get("address")).isEqualTo("loyalty by complete");
            assertThat(g.movedIn()).isNull();
        }
    }

    @Test
    void aSingleRecordIsItsOwnGoldenRecord() {
        GoldenRecords golden = new GoldenRecords(null, new GoldenSettings(null, null, null));
        CleanMember m = member("Marc", "marc@example.org", "1 RUE X", "69002", "LYON", null);
        GoldenRecords.Golden g = golden.derive(List.of(record("loyalty", "C2", "2024-01-01T00:00:00Z", m)));
        assertThat(g.member().firstName()).isEqualTo("Marc");
        assertThat(g.member().city()).isEqualTo("LYON");
        assertThat(g.why()).containsEntry("email", "loyalty by only value");
    }

    private static SourceRecord named(String key, String at, String first, String last) {
        return record("loyalty", key, at, new CleanMember(key, "S01", null, null, first, last, null, null, null, null,
                null, null, "30 BD DU GENERAL DE GAULLE", null, "51100", "REIMS", "FR", null, null, null));
    }

    @Test
    void aRecordWithTheNamesTheOtherWayRoundDoesNotMixThemIntoTheGoldenRecord() {
        // as shipped: first name by complete, last name by trusted then recent
        GoldenRecords golden = new GoldenRecords(null, new GoldenSettings(List.of("loyalty", "registration"),
                Map.of("first_name", List.of("complete", "trusted", "recent")), List.of("trusted", "recent", "complete")));
        SourceRecord right = named("C1", "2024-01-01T00:00:00Z", "Olivier", "Sogousoul");
        SourceRecord swapped = named("C2", "2025-06-01T00:00:00Z", "Sogousoul", "Olivier");
        // before: first name "Sogousoul" (the more complete), last name "Olivier" (the more recent)
        for (List<SourceRecord> records : List.of(List.of(right, swapped), List.of(swapped, right))) {
            GoldenRecords.Golden g = golden.derive(records);
            assertThat(g.member().firstName()).isEqualTo("Olivier");
            assertThat(g.member().lastName()).isEqualTo("Sogousoul");
        }
        // with a typo in the later one: turned back too
        GoldenRecords.Golden typo = golden.derive(List.of(right, named("C3", "2025-06-01T00:00:00Z", "Sogousoul", "Oliver")));
        assertThat(typo.member().firstName()).isEqualTo("Olivier");
        // the customer keeps the order they were first known by
        GoldenRecords.Golden firstKnownSwapped = golden.derive(List.of(
                named("C4", "2024-01-01T00:00:00Z", "Sogousoul", "Olivier"), named("C5", "2025-06-01T00:00:00Z", "Olivier", "Sogousoul")));
        assertThat(firstKnownSwapped.member().lastName()).isEqualTo("Olivier");
        assertThat(firstKnownSwapped.member().firstName()).isEqualTo("Sogousoul");
    }
}
