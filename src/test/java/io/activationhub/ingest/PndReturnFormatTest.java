package io.activationhub.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PndReturnFormatTest {

    final PndReturnFormat format = new PndReturnFormat();
    final Row row = new Row(Map.of("id", 0, "date_retour", 1, "code_motif", 2, "libelle_motif", 3));

    private String[] stage(String line) throws RowRejected {
        String[] values = new String[format.stagingColumns().size()];
        format.stage(row.at(2, Arrays.asList(line.split(";", -1))), values);
        return values;
    }

    @Test
    void aReturnIsStagedWithItsReasonLabelFromTheFileOrFromLaPoste() throws RowRejected {
        assertThat(stage("000123;2026-11-20;2;N'habite pas à l'adresse indiquée"))
                .containsExactly("123", "2026-11-20", "2", "N'habite pas à l'adresse indiquée");
        assertThat(stage("124;20/11/2026;04;")).containsExactly("124", "2026-11-20", "4", "not claimed");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "ABC;2026-11-20;1;x        | ID is not a push id (digits expected): 'ABC'",
            ";2026-11-20;1;x           | id is empty",
            "12;20-11-2026;1;x         | DATE_RETOUR is not a date (yyyy-MM-dd or dd/MM/yyyy): '20-11-2026'",
            "12;2099-01-01;1;x         | DATE_RETOUR out of range: 2099-01-01",
            "12;2026-11-20;7;x         | CODE_MOTIF must be 1, 2, 3 or 4 (La Poste reasons), found '7'",
            "12;2026-11-20;;x          | code_motif is empty"})
    void badRowsAreRejectedWithAReason(String line, String reason) {
        assertThatThrownBy(() -> stage(line.strip())).isInstanceOf(RowRejected.class).hasMessage(reason);
    }

    @Test
    void theFourLaPosteReasonsAreKnown() {
        assertThat(PndReturnFormat.REASONS).containsOnlyKeys(1, 2, 3, 4);
        assertThat(format.requiredColumns()).isEqualTo(List.of("id", "date_retour", "code_motif"));
    }
}
