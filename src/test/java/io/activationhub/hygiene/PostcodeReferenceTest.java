package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PostcodeReferenceTest {

    private final PostcodeReference reference = PostcodeReference.instance();

    @Test
    void loadsTheShippedReferenceOnce() {
        assertThat(reference.size()).isGreaterThan(35_000);
        assertThat(PostcodeReference.instance()).isSameAs(reference);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "92100 | BOULOGNE BILLANCOURT | 92012",
            "75015 | PARIS                | 75115",
            "01000 | BOURG EN BRESSE      | 01053",
            "97100 | BASSE TERRE          | 97105",
            "20000 | AJACCIO              | 2A004",
    })
    void findsTownsByPostcode(String postcode, String deliveryName, String inseeCode) {
        assertThat(reference.byPostcode(postcode))
                .anySatisfy(entry -> {
                    assertThat(entry.deliveryName()).isEqualTo(deliveryName);
                    assertThat(entry.inseeCode()).isEqualTo(inseeCode);
                });
        assertThat(reference.hasPostcode(postcode)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Boulogne-Billancourt      | 92100",
            "BOULOGNE BILLANCOURT      | 92100",
            "boulogne billancourt      | 92100",
            "Saint-Étienne             | 42000",
            "ST ETIENNE                | 42000",
            "Châlons-en-Champagne      | 51000",
            "Paris 15e Arrondissement  | 75015",
    })
    void findsPostcodesByAnySpellingOfTheTown(String town, String postcode) {
        assertThat(reference.byTown(town)).extracting(PostcodeEntry::postcode).contains(postcode);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "BOULOGNE BILLANCOUR   | NULL | BOULOGNE BILLANCOURT",
            "BOULONE BILLANCOURT   | NULL | BOULOGNE BILLANCOURT",
            "MONTPELLLIER          | NULL | MONTPELLIER",
            "STRASBOURGG           | NULL | STRASBOURG",
            "ARGENTEUILLE          | 95   | ARGENTEUIL",
    })
    void findsTheNearestTown(String key, String department, String expected) {
        PostcodeReference.TownMatch match = reference.fuzzyTown(key, department);

        assertThat(match.isUnique()).isTrue();
        assertThat(match.townKeys()).containsExactly(expected);
        assertThat(match.similarity()).isGreaterThan(0.9);
    }

    @Test
    void reportsEquallyNearTownsInsteadOfChoosing() {
        // MONTPELIER is one edit from MONTPELLIER (Herault) and from MONTELIER (Drome)
        PostcodeReference.TownMatch match = reference.fuzzyTown("MONTPELIER", null);

        assertThat(match.isUnique()).isFalse();
        assertThat(match.townKeys()).containsExactly("MONTELIER", "MONTPELLIER");
        assertThat(match.distance()).isEqualTo(1);
    }

    @Test
    void findsNothingForShortOrUnknownKeys() {
        assertThat(reference.fuzzyTown("PARI", null).isEmpty()).isTrue();
        assertThat(reference.fuzzyTown("XYZZYVILLE", null).isEmpty()).isTrue();
        assertThat(reference.byPostcode("00000")).isEmpty();
        assertThat(reference.byPostcode(null)).isEmpty();
        assertThat(reference.byTown("Xyzzyville")).isEmpty();
    }
}
