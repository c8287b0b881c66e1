package io.activationhub.pressure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ContactWindowTest {

    private static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(ContactWindow.PARIS).toInstant();
    }

    @ParameterizedTest(name = "Easter {0} is {1}")
    @CsvSource({"2024,2024-03-31", "2025,2025-04-20", "2026,2026-04-05", "2027,2027-03-28", "2030,2030-04-21",
            "2038,2038-04-25", "2008,2008-03-23"})
    void easterSunday(int year, String easter) {
        assertThat(FrenchHolidays.easterSunday(year)).isEqualTo(LocalDate.parse(easter));
    }

    @ParameterizedTest(name = "{0} holiday={1}")
    @CsvSource({
            "2026-01-01,true", "2026-04-06,true", "2026-05-01,true", "2026-05-08,true",
            "2026-05-14,true",   // Ascension 2026
            "2026-05-25,true",   // Whit Monday 2026
            "2026-07-14,true", "2026-08-15,true", "2026-11-01,true", "2026-11-11,true", "2026-12-25,true",
            "2025-04-21,true", "2025-05-29,true", "2025-06-09,true",
            "2026-04-05,false",  // Easter Sunday is a Sunday, not a holiday of its own
            "2026-04-03,false",  // Good Friday: Alsace-Moselle only
            "2026-12-26,false", "2026-11-23,false"})
    void frenchPublicHolidays(String day, boolean holiday) {
        assertThat(FrenchHolidays.isHoliday(LocalDate.parse(day))).isEqualTo(holiday);
    }

    @ParameterizedTest(name = "SMS at {0} open={1}, next {2}")
    @CsvSource({
            "2026-11-23T10:00,true,2026-11-23T10:00",   // Monday morning
            "2026-11-23T07:59,false,2026-11-23T08:00",  // before 08:00
            "2026-11-23T20:00,false,2026-11-24T08:00",  // 20:00 is closed
            "2026-11-23T19:59,true,2026-11-23T19:59",
            "2026-11-28T15:00,true,2026-11-28T15:00",   // Saturday
            "2026-11-28T20:30,false,2026-11-30T08:00",  // Saturday evening -> Monday (Sunday skipped)
            "2026-11-29T12:00,false,2026-11-30T08:00",  // Sunday
            "2026-11-10T21:00,false,2026-11-12T08:00",  // eve of Armistice (Wednesday 11th is a holiday)
            "2026-05-13T20:15,false,2026-05-15T08:00",  // eve of Ascension
            "2026-05-24T09:00,false,2026-05-26T08:00",  // Whit Sunday then Whit Monday
            "2026-04-04T21:00,false,2026-04-07T08:00",  // Easter Saturday night -> Sunday, Easter Monday -> Tuesday
            "2026-12-24T20:00,false,2026-12-26T08:00",  // Christmas -> Saturday 26th
            "2026-03-29T12:00,false,2026-03-30T08:00"}) // Sunday of the DST change
    void frenchSmsWindow(String at, boolean open, String next) {
        ContactWindow sms = ContactWindow.frenchSms();
        assertThat(sms.isOpen(paris(at))).isEqualTo(open);
        assertThat(sms.nextOpening(paris(at))).isEqualTo(paris(next));
    }

    @ParameterizedTest(name = "quiet {0} at {1}: open={2}, next {3}")
    @CsvSource({
            "12:00-14:00,2026-11-23T12:30,false,2026-11-23T14:00",
            "12:00-14:00,2026-11-23T14:00,true,2026-11-23T14:00",
            "19:00-09:00,2026-11-23T08:30,false,2026-11-23T09:00", // wraps over midnight, narrows the morning
            "19:00-09:00,2026-11-23T19:30,false,2026-11-24T09:00",
            "19:00-09:00,2026-11-23T18:59,true,2026-11-23T18:59"})
    void quietHoursNarrowTheWindow(String quiet, String at, boolean open, String next) {
        ContactWindow w = ContactWindow.frenchSms().withQuietHours(quiet);
        assertThat(w.isOpen(paris(at))).isEqualTo(open);
        assertThat(w.nextOpening(paris(at))).isEqualTo(paris(next));
    }

    @ParameterizedTest(name = "cap {0}/{1}, contacted {2}, own max {3}: allowed={4}")
    @CsvSource({
            "3,P7D,0,,true", "3,P7D,2,,true", "3,P7D,3,,false", "3,P7D,5,,false",
            "3,P7D,1,1,false", "3,P7D,0,1,true", "3,P7D,0,0,false", "1,P1D,0,5,true"})
    void contactCap(int max, String period, int contacted, Integer own, boolean allowed) {
        assertThat(new ContactCap(max, Duration.parse(period)).allows(contacted, own)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-29T12:00,true", "2026-12-25T03:00,true"})
    void alwaysOpenIgnoresDays(String at, boolean open) {
        assertThat(ContactWindow.always().isOpen(paris(at))).isEqualTo(open);
    }
}
