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
            "06 12 34 56 78           | +33612345678  | MOBILE",
            // messy variants
            "0612345678               | +33612345678  | MOBILE",
            "06-12-34-56-78           | +33612345678  | MOBILE",
            "  06 12 34 56 78  \t     | +33612345678  | MOBILE",
            "+33 (0)6 12 34 56 78     | +33612345678  | MOBILE",
            "+33 (0)1 41 22 01 92     | +33141220192  | LANDLINE",
            "00 33 6 12 34 56 78      | +33612345678  | MOBILE",
            "33612345678              | +33612345678  | MOBILE",
            "07 81 23 45 67           | +33781234567  | MOBILE",
            "Tél. : 06 12 34 56 78    | +33612345678  | MOBILE",
            "tel:06-12-34-56-78       | +33612345678  | MOBILE",
            "0612345678 (soir)        | +33612345678  | MOBILE",
            "06 12 34 56 78 / 01 41 22 01 92 | +33612345678 | MOBILE",
            "04 91 12 34 56           | +33491123456  | LANDLINE",
            "09 51 23 45 67           | +33951234567  | OTHER",
            "0800 123 456             | +33800123456  | OTHER",
            "+32 470 12 34 56         | +32470123456  | MOBILE",
            "+1 650 253 0000          | +16502530000  | OTHER",
            "+590 690 12 34 56        | +590690123456 | MOBILE",
            "+44 20 7946 0958         | +442079460958 | LANDLINE",
            // not valid: flagged, never completed
            "06 12 34 56              | NULL          | INVALID",
            "0690 12 34 56            | NULL          | INVALID",
            "12                       | NULL          | INVALID",
            "inconnu                  | NULL          | INVALID",
            "+33 6 12 34 56 78 90 12  | NULL          | INVALID",
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
            "06 12 34 56 78     | 33612345678  | +33612345678",
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
        CleanPhone phone = normalizer.normalize(ContactRecord.MOBILE, "Portable : 06 12 34 56 78 (soir)");

        assertThat(phone.corrections()).extracting(Correction::code)
                .containsExactly(CorrectionCode.NOISE_REMOVED, CorrectionCode.FORMATTED);
        assertThat(phone.corrections().get(0).field()).isEqualTo(ContactRecord.MOBILE);
        assertThat(phone.corrections().get(0).original()).isEqualTo("Portable : 06 12 34 56 78 (soir)");
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
        assertThat(normalizer.normalize("06 12 34 56 78").toString()).doesNotContain("612345678", "12 34 56");
    }
}
