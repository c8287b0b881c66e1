package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidityRangesTest {

    private static final Clock TODAY = Clock.fixed(Instant.parse("2025-06-15T10:00:00Z"), ZoneOffset.UTC);
    private final ValidityRanges ranges = ValidityRanges.defaults(TODAY);

    @ParameterizedTest(name = "[{index}] born {0}: flagged {1}")
    @CsvSource({
            "1980-05-17, false",
            "2009-06-15, false",   // 16 today
            "2009-06-16, true",    // 16 tomorrow
            "1915-06-15, false",   // 110 today
            "1914-06-16, false",   // 110 and 364 days
            "1914-06-15, true",    // 111 today
            "1900-01-01, true",
            "2025-06-15, true",
            "2030-01-01, true",    // in the future
    })
    void checksBirthDatesAsAnAgeRelativeToTheClock(LocalDate birthDate, boolean flagged) {
        assertThat(ranges.checkBirthDate(ContactRecord.BIRTH_DATE, birthDate))
                .extracting(Flag::code)
                .containsExactly(flagged ? new FlagCode[]{FlagCode.OUT_OF_RANGE} : new FlagCode[0]);
    }

    @ParameterizedTest(name = "[{index}] salary {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // input | value | flag
            "45000          | 45000     | NULL",
            "45 000         | 45000     | NULL",
            "'45 000 €'     | 45000     | NULL",
            "45000 EUR      | 45000     | NULL",
            "45000,50       | 45000.50  | NULL",
            "45.000,50      | 45000.50  | NULL",
            "'45,000.50'    | 45000.50  | NULL",
            "1.250.000      | 1250000   | OUT_OF_RANGE",
            "20000          | 20000     | NULL",
            "150000         | 150000    | NULL",
            "19999          | 19999     | OUT_OF_RANGE",
            "150001         | 150001    | OUT_OF_RANGE",
            "-5000          | -5000     | OUT_OF_RANGE",
            "'45,000'       | NULL      | AMBIGUOUS",
            "45.000         | NULL      | AMBIGUOUS",
            "beaucoup       | NULL      | INVALID",
            "12a34          | NULL      | INVALID",
    })
    void readsAndChecksAmounts(String raw, BigDecimal value, FlagCode flag) {
        ValidityRanges.ParsedAmount amount = ranges.parseAmount(ValidityRanges.SALARY, raw);

        if (value == null) {
            assertThat(amount.value()).isNull();
        } else {
            assertThat(amount.value()).isEqualByComparingTo(value);
        }
        assertThat(amount.flags()).extracting(Flag::code)
                .containsExactly(flag == null ? new FlagCode[0] : new FlagCode[]{flag});
    }

    @Test
    void isConfiguredFromAMap() {
        ValidityRanges custom = new ValidityRanges(Map.of("basket", Range.of(1, 5_000)), new ValidityRanges.AgeRange(18, 99), TODAY)
                .with("points", new Range(BigDecimal.ZERO, null));

        assertThat(custom.check("basket", BigDecimal.valueOf(7_000))).extracting(Flag::code).containsExactly(FlagCode.OUT_OF_RANGE);
        assertThat(custom.check("basket", BigDecimal.valueOf(70))).isEmpty();
        assertThat(custom.check("points", BigDecimal.valueOf(1_000_000))).isEmpty();
        assertThat(custom.check("points", BigDecimal.valueOf(-1))).hasSize(1);
        assertThat(custom.check("unknown", BigDecimal.valueOf(-1))).isEmpty();
        assertThat(custom.checkBirthDate(ContactRecord.BIRTH_DATE, LocalDate.of(2008, 1, 1))).hasSize(1);
        assertThat(custom.fields()).containsExactlyInAnyOrder("basket", "points");
        assertThat(custom.range("salary")).isEmpty();
    }

    @Test
    void rejectsInvertedRanges() {
        assertThatThrownBy(() -> Range.of(10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValidityRanges.AgeRange(50, 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheOriginalValueOfAnOutOfRangeAmount() {
        ValidityRanges.ParsedAmount amount = ranges.parseAmount(ValidityRanges.SALARY, "1 000 000");

        assertThat(amount.flags()).singleElement().satisfies(flag -> {
            assertThat(flag.original()).isEqualTo("1 000 000");
            assertThat(flag.reason()).contains("20000..150000");
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "20000..150000   | 20000 | 150000",
            "' 0.01 .. 9999.99 ' | 0.01 | 9999.99",
            "..150000        |       | 150000",
            "-100..          | -100  |",
    })
    void readsARangeAsADeploymentWritesIt(String text, BigDecimal min, BigDecimal max) {
        Range range = Range.parse(text);
        assertThat(range.min()).isEqualTo(min);
        assertThat(range.max()).isEqualTo(max);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "20000-150000    | is not a range written min..max",
            "''              | is not a range written min..max",
            "1..2..3         | is not a range written min..max",
            "..              | gives neither bound",
            "150000..20000   | min is above max",
            "20 000..150000  | '20 000' is not a number",
            "20000..150k     | '150k' is not a number",
    })
    void refusesARangeItCannotReadSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> Range.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void readsPlausibleAgesAsWholeYearsBothGiven() {
        assertThat(ValidityRanges.AgeRange.parse("18..99")).isEqualTo(new ValidityRanges.AgeRange(18, 99));
        assertThatThrownBy(() -> ValidityRanges.AgeRange.parse("18..")).hasMessageContaining("give both ages");
        assertThatThrownBy(() -> ValidityRanges.AgeRange.parse("17.5..99")).hasMessageContaining("whole years");
        assertThatThrownBy(() -> ValidityRanges.AgeRange.parse("-1..99")).hasMessageContaining("invalid age range");
    }
}
