package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class LenientDateParserTest {

    private final LenientDateParser parser = new LenientDateParser();

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // input | date | flag
            "17/05/1980            | 1980-05-17 | NULL",
            "7/5/1980              | 1980-05-07 | NULL",
            "17-05-1980            | 1980-05-17 | NULL",
            "17.05.1980            | 1980-05-17 | NULL",
            "'  17 / 05 / 1980 '   | 1980-05-17 | NULL",
            "1980-05-17            | 1980-05-17 | NULL",
            "1980-05-17T00:00:00   | 1980-05-17 | NULL",
            "1980-05-17 08:30:00   | 1980-05-17 | NULL",
            "17/05/1980 08:30      | 1980-05-17 | NULL",
            "19800517              | 1980-05-17 | NULL",
            "1980/05/17            | 1980-05-17 | NULL",
            "17 mai 1980           | 1980-05-17 | NULL",
            "1er janvier 1990      | 1990-01-01 | NULL",
            "17 févr. 1980         | 1980-02-17 | NULL",
            "29/02/2000            | 2000-02-29 | NULL",
            // English month names, day or month first, with ordinals
            "17 May 1980           | 1980-05-17 | NULL",
            "17-May-1980           | 1980-05-17 | NULL",
            "May 17, 1980          | 1980-05-17 | NULL",
            "May 17th, 1980        | 1980-05-17 | NULL",
            "1st March 1990        | 1990-03-01 | NULL",
            "December 2nd 1975     | 1975-12-02 | NULL",
            "17 Aug 1980           | 1980-08-17 | NULL",
            "17-May-80             | NULL       | TWO_DIGIT_YEAR",
            // a spreadsheet's date serial: read, and said so
            "29221                 | 1980-01-01 | ASSUMED",
            "29221.0               | 1980-01-01 | ASSUMED",
            "29221,5               | 1980-01-01 | ASSUMED",
            "36585                 | 2000-02-29 | ASSUMED",
            // eight digits: year first, else day first when year first is not a real date
            "01021980              | 1980-02-01 | NULL",
            "17051980              | 1980-05-17 | NULL",
            "29022000              | 2000-02-29 | NULL",
            "31121999              | 1999-12-31 | NULL",
            "20000229              | 2000-02-29 | NULL",
            // not guessed
            "17/05/80              | NULL       | TWO_DIGIT_YEAR",
            "7/5/80                | NULL       | TWO_DIGIT_YEAR",
            "17 mai 80             | NULL       | TWO_DIGIT_YEAR",
            "05/17/1980            | NULL       | INVALID",
            "31/02/1980            | NULL       | INVALID",
            "29/02/1900            | NULL       | INVALID",
            "1980-13-01            | NULL       | INVALID",
            "00/00/0000            | NULL       | INVALID",
            "hier                  | NULL       | INVALID",
            "17 brumaire 1980      | NULL       | INVALID",
            "17/05                 | NULL       | INVALID",
            "123/05/1980           | NULL       | INVALID",
            "1980-05-17-12         | NULL       | INVALID",
            "31021980              | NULL       | INVALID",
            "29021900              | NULL       | INVALID",
            "01010000              | NULL       | INVALID",
            "13131980              | NULL       | INVALID",
    })
    void parses(String raw, LocalDate date, FlagCode flag) {
        ParsedDate parsed = parser.parse(ContactRecord.BIRTH_DATE, raw);

        assertThat(parsed.date()).isEqualTo(date);
        if (flag == null) {
            assertThat(parsed.flags()).isEmpty();
        } else {
            assertThat(parsed.flags()).extracting(Flag::code).containsExactly(flag);
            assertThat(parsed.flags().get(0).field()).isEqualTo(ContactRecord.BIRTH_DATE);
        }
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"NULL", "''", "'   '"})
    void returnsNothingForEmptyInput(String raw) {
        ParsedDate parsed = parser.parse(ContactRecord.BIRTH_DATE, raw);

        assertThat(parsed.date()).isNull();
        assertThat(parsed.flags()).isEmpty();
        assertThat(parsed.corrections()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "17/05/1980 | FORMATTED",
            "1980-05-17 | NONE",
    })
    void recordsTheReformatting(String raw, String correction) {
        ParsedDate parsed = parser.parse(ContactRecord.BIRTH_DATE, raw);

        assertThat(parsed.corrections()).extracting(c -> c.code().name())
                .containsExactly(correction.equals("NONE") ? new String[0] : new String[]{correction});
    }

    @Test
    void saysWhichOrderEightDigitsWereReadIn() {
        ParsedDate dayFirst = parser.parse(ContactRecord.BIRTH_DATE, "01021980");
        ParsedDate yearFirst = parser.parse(ContactRecord.BIRTH_DATE, "19800201");

        assertThat(dayFirst.corrections()).singleElement().satisfies(c -> {
            assertThat(c.code()).isEqualTo(CorrectionCode.FORMATTED);
            assertThat(c.reason()).isEqualTo("read as ddMMyyyy, written as ISO yyyy-MM-dd");
            assertThat(c.original()).isEqualTo("01021980");
            assertThat(c.corrected()).isEqualTo("1980-02-01");
        });
        assertThat(yearFirst.corrections()).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("read as yyyyMMdd, written as ISO yyyy-MM-dd"));
    }

    @ParameterizedTest(name = "[{index}] very long")
    @CsvSource({"17/05/1980"})
    void rejectsVeryLongInput(String date) {
        ParsedDate parsed = parser.parse(ContactRecord.BIRTH_DATE, date.repeat(1_000));

        assertThat(parsed.date()).isNull();
        assertThat(parsed.flags()).extracting(Flag::code).containsExactly(FlagCode.INVALID);
    }
}
