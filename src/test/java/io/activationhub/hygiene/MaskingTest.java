package io.activationhub.hygiene;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "email      | delphine.pilliard@gmail.com | d***@gmail.com",
            "email      | ' D@Free.FR '               | D***@free.fr",
            "email      | not-an-email                | ***",
            "email      | '@free.fr'                  | ***",
            "phone      | +33612345678                | +33***78",
            "mobile     | 06 12 34 56 78              | ***78",
            "phone      | 12                          | ***",
            "first_name | Delphine                    | D***",
            "last_name  | 'Élodie'                    | É***",
            "contact    | Nom : Pilliard              | N***",
            "city       | Boulogne                    | ***",
            "birth_date | 17/05/1980                  | ***",
            "civility   | Mme                         | ***",
            "country    | FR                          | FR",
            "email      | NULL                        | NULL",
            "email      | ''                          | ''",
    })
    void masksByField(String field, String value, String masked) {
        assertThat(Masking.forField(field, value)).isEqualTo(masked);
    }
}
