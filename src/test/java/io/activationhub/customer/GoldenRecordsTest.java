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

    @Test
    void aSingleRecordIsItsOwnGoldenRecord() {
        GoldenRecords golden = new GoldenRecords(null, new GoldenSettings(null, null, null));
        CleanMember m = member("Marc", "marc@example.org", "1 RUE X", "69002", "LYON", null);
        GoldenRecords.Golden g = golden.derive(List.of(record("loyalty", "C2", "2024-01-01T00:00:00Z", m)));
        assertThat(g.member().firstName()).isEqualTo("Marc");
        assertThat(g.member().city()).isEqualTo("LYON");
        assertThat(g.why()).containsEntry("email", "loyalty by only value");
    }
}
