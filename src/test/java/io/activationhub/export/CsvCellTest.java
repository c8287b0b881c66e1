package io.activationhub.export;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCellTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Pilliard                    | Pilliard",
            "=HYPERLINK(\"http://x\")    | `\"'=HYPERLINK(\"\"http://x\"\")\"`",
            "=1+2                        | '=1+2",
            "@SUM(A1)                    | '@SUM(A1)",
            "+SUM(A1:A9)                 | '+SUM(A1:A9)",
            "-2+3+cmd                    | '-2+3+cmd",
            "+33612345678                | +33612345678",
            "-12.50                      | -12.50",
            "a;b                         | `\"a;b\"`",
    })
    void neutralisesFormulasAndQuotesSeparators(String value, String expected) {
        assertThat(CsvCell.of(value)).isEqualTo(expected);
    }
}
