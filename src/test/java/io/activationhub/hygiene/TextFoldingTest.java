package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextFoldingTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // input | letter key | alphanumeric key
            "Hélène                  | HELENE               | HELENE",
            "Jean-Pierre             | JEAN PIERRE          | JEAN PIERRE",
            "d'Estaing               | D ESTAING            | D ESTAING",
            "L’Haÿ-les-Roses         | L HAY LES ROSES      | L HAY LES ROSES",
            "Œuvre Æther Straße      | OEUVRE AETHER STRASSE | OEUVRE AETHER STRASSE",
            "Łódź Ørsted             | LODZ ORSTED          | LODZ ORSTED",
            "'  4, av. Desfeux  '    | AV DESFEUX           | 4 AV DESFEUX",
            "N°12 bis                | N BIS                | N 12 BIS",
            "ÇA VA ?                 | CA VA                | CA VA",
            "Ελλάδα                  | ''                   | ''",
            "😀 Zoë                  | ZOE                  | ZOE",
            "NULL                    | ''                   | ''",
    })
    void buildsKeys(String text, String letterKey, String alphanumericKey) {
        assertThat(TextFolding.letterKey(text)).isEqualTo(letterKey);
        assertThat(TextFolding.alphanumericKey(text)).isEqualTo(alphanumericKey);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "'  a   b  '      | a b",
            "'a\u00A0\u00A0b' | a b",
            "'\tab\n'         | ab",
            "ab               | ab",
    })
    void collapsesWhitespace(String text, String expected) {
        assertThat(TextFolding.collapseWhitespace(text)).isEqualTo(expected);
    }

    @Test
    void upperCasesWithAndWithoutAccents() {
        assertThat(TextFolding.upperWithoutAccents("Bât. é-ç")).isEqualTo("BAT. E-C");
        assertThat(TextFolding.upperKeepingAccents("  bât.   é ")).isEqualTo("BÂT. É");
    }
}
