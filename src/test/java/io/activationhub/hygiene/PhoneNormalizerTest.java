package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNormalizerTest {

    private final PhoneNormalizer normalizer = new PhoneNormalizer();

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // the four writings of one number in the brief
            "+33 (1) 41 22 01 92      | +33141220192  | LANDLINE",
            "0033-1.41.22.01.92       | +33141220192  | LANDLINE",
            "+33 141220192            | +33141220192  | LANDLINE",
            "01.41.22.01.92           | +33141220192  | LANDLINE",
            "06 71 42 38 95           | +33671423895  | MOBILE",
            // messy variants
            "0671423895               | +33671423895  | MOBILE",
            "06-71-42-38-95           | +33671423895  | MOBILE",
            "  06 71 42 38 95  \t     | +33671423895  | MOBILE",
            "+33 (0)6 71 42 38 95     | +33671423895  | MOBILE",
            "+33 (0)1 41 22 01 92     | +33141220192  | LANDLINE",
            "00 33 6 71 42 38 95      | +33671423895  | MOBILE",
            "33671423895              | +33671423895  | MOBILE",
            "07 81 23 45 67           | +33781234567  | MOBILE",
            "Tél. : 06 71 42 38 95    | +33671423895  | MOBILE",
            "tel:06-71-42-38-95       | +33671423895  | MOBILE",
            "0671423895 (soir)        | +33671423895  | MOBILE",
            "06 71 42 38 95 / 01 41 22 01 92 | +33671423895 | MOBILE",
            "04 91 12 34 56           | +33491123456  | LANDLINE",
            "09 51 23 45 67           | +33951234567  | OTHER",
            "0800 123 456             | +33800123456  | OTHER",
            "+32 470 12 34 56         | +32470123456  | MOBILE",
            "+1 650 253 0000          | +16502530000  | OTHER",
            "+590 690 12 34 56        | +590690123456 | MOBILE",
            "+44 20 7946 0958         | +442079460958 | LANDLINE",
            "06 98 76 54 32           | +33698765432  | MOBILE",
            // overseas departments written the French way: their own country code, not +33
            "0690 12 34 56            | +590690123456 | MOBILE",
            "0590 82 12 34            | +590590821234 | LANDLINE",
            "0694 20 12 34            | +594694201234 | MOBILE",
            "0594 29 12 34            | +594594291234 | LANDLINE",
            "0696 12 34 56            | +596696123456 | MOBILE",
            "0596 60 12 34            | +596596601234 | LANDLINE",
            "0692 12 34 56            | +262692123456 | MOBILE",
            "0693 12 34 56            | +262693123456 | MOBILE",
            "0262 20 12 34            | +262262201234 | LANDLINE",
            "0639 40 12 34            | +262639401234 | MOBILE",
            "0691 22 34 56            | +590691223456 | MOBILE",
            "0697 12 34 56            | +596697123456 | MOBILE",
            "0263 12 34 56            | +262263123456 | LANDLINE",
            "0269 61 23 45            | +262269612345 | LANDLINE",
            // not valid: flagged, never completed
            "06 12 34 56              | NULL          | INVALID",
            "0690 12 34               | NULL          | INVALID",
            "12                       | NULL          | INVALID",
            "inconnu                  | NULL          | INVALID",
            "+33 6 71 42 38 95 90 12  | NULL          | INVALID",
            "00000000000              | NULL          | INVALID",
    })
    void normalizesToE164AndTypes(String raw, String e164, PhoneType type) {
        CleanPhone phone = normalizer.normalize(raw);

        assertThat(phone.e164()).isEqualTo(e164);
        assertThat(phone.type()).isEqualTo(type);
        if (type == PhoneType.INVALID) {
            assertThat(phone.flags()).extracting(Flag::code).containsExactly(FlagCode.INVALID);
            assertThat(phone.flags().get(0).original()).isEqualTo(raw);
        } else {
            assertThat(phone.flags()).isEmpty();
            assertThat(phone.corrections()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // input | pattern named in the reason
            "06 06 06 06 06     | one pair of digits repeated",
            "0600000000         | one digit repeated",
            "06 11 11 11 11     | one digit repeated",
            "06 12 12 12 12     | one pair of digits repeated",
            "06 12 34 56 78     | consecutive digits",
            "+33 6 12 34 56 78  | consecutive digits",
            "01 23 45 67 89     | consecutive digits",
            "07 77 77 77 77     | one digit repeated",
    })
    void flagsPlaceholderNumbersAsInvalid(String raw, String pattern) {
        CleanPhone phone = normalizer.normalize(ContactRecord.MOBILE, raw);

        assertThat(phone.type()).isEqualTo(PhoneType.INVALID);
        assertThat(phone.e164()).isNull();
        assertThat(phone.flags()).extracting(Flag::code).containsExactly(FlagCode.INVALID);
        assertThat(phone.flags().get(0).reason()).isEqualTo("placeholder number (" + pattern + "), not a real subscriber");
        assertThat(phone.flags().get(0).field()).isEqualTo(ContactRecord.MOBILE);
        assertThat(phone.flags().get(0).original()).isEqualTo(raw);
    }

    @Test
    void readsOverseasPrefixesOnlyAsFrenchNationalNumbers() {
        CleanPhone guadeloupe = normalizer.normalize("0690 12 34 56");
        assertThat(guadeloupe.region()).isEqualTo("GP");
        assertThat(normalizer.normalize("0639 40 12 34").region()).isEqualTo("YT");
        // written with +33, 0690... is not a number: the country code given wins
        assertThat(normalizer.normalize("+33 6 90 12 34 56").type()).isEqualTo(PhoneType.INVALID);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"NULL", "''", "'   '", "'\t\n'"})
    void absentWhenEmpty(String raw) {
        CleanPhone phone = normalizer.normalize(raw);

        assertThat(phone.type()).isEqualTo(PhoneType.ABSENT);
        assertThat(phone.e164()).isNull();
        assertThat(phone.flags()).isEmpty();
        assertThat(phone.corrections()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "06 71 42 38 95     | 33671423895  | +33671423895",
            "01.41.22.01.92     | 33141220192  | +33141220192",
            "+32 470 12 34 56   | 32470123456  | +32470123456",
    })
    void givesTheAdPlatformHashForms(String raw, String metaDigits, String e164) {
        CleanPhone phone = normalizer.normalize(raw);

        assertThat(phone.metaDigits()).isEqualTo(metaDigits);
        assertThat(phone.e164()).isEqualTo(e164);
    }

    @Test
    void recordsRemovedNoiseWithTheOriginalValue() {
        CleanPhone phone = normalizer.normalize(ContactRecord.MOBILE, "Portable : 06 71 42 38 95 (soir)");

        assertThat(phone.corrections()).extracting(Correction::code)
                .containsExactly(CorrectionCode.NOISE_REMOVED, CorrectionCode.FORMATTED);
        assertThat(phone.corrections().get(0).field()).isEqualTo(ContactRecord.MOBILE);
        assertThat(phone.corrections().get(0).original()).isEqualTo("Portable : 06 71 42 38 95 (soir)");
    }

    @Test
    void rejectsVeryLongInputWithoutParsing() {
        CleanPhone phone = normalizer.normalize("06".repeat(5_000));

        assertThat(phone.type()).isEqualTo(PhoneType.INVALID);
        assertThat(phone.flags()).extracting(Flag::code).containsExactly(FlagCode.INVALID);
    }

    @Test
    void readsNationalNumbersInTheConfiguredRegion() {
        CleanPhone belgian = new PhoneNormalizer("BE").normalize("0470 12 34 56");

        assertThat(belgian.e164()).isEqualTo("+32470123456");
        assertThat(belgian.region()).isEqualTo("BE");
        assertThatThrownBy(() -> new PhoneNormalizer("XX")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringMasksTheNumber() {
        assertThat(normalizer.normalize("06 71 42 38 95").toString()).doesNotContain("671423895", "42 38 95");
    }
}
