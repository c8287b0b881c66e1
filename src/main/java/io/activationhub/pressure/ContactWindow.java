package io.activationhub.pressure;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a commercial message may reach a customer: the French SMS window (Monday to Saturday, 08:00 to 20:00
 * Europe/Paris, never on a Sunday or a French public holiday), narrowed by the hub's quiet hours (e.g. 21:00 to
 * 08:00 local, wrapping over midnight). A message outside the window is held until {@link #nextOpening(Instant)}.
 *
 * @param opens        first minute of the day a message may go
 * @param closes       the window closes at this time (exclusive)
 * @param quietStart   start of the quiet hours (null: none)
 * @param quietEnd     end of the quiet hours (exclusive)
 * @param legalDays    true: Monday to Saturday and not a French public holiday; false: every day
 */
public record ContactWindow(ZoneId zone, LocalTime opens, LocalTime closes, LocalTime quietStart, LocalTime quietEnd,
                            boolean legalDays) {

    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** The French commercial SMS window, without extra quiet hours. */
    public static ContactWindow frenchSms() {
        return new ContactWindow(PARIS, LocalTime.of(8, 0), LocalTime.of(20, 0), null, null, true);
    }

    /** Always open (transactional messages, or a channel without legal hours). */
    public static ContactWindow always() {
        return new ContactWindow(PARIS, LocalTime.MIN, LocalTime.MAX, null, null, false);
    }

    /** The same window with quiet hours, e.g. {@code 21:00-08:00}; a blank spec keeps it unchanged. */
    public ContactWindow withQuietHours(String spec) {
        if (spec == null || spec.isBlank()) {
            return this;
        }
        String[] parts = spec.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("quiet hours are HH:mm-HH:mm, got '" + spec + "'");
        }
        return new ContactWindow(zone, opens, closes, LocalTime.parse(parts[0]), LocalTime.parse(parts[1]), legalDays);
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime t = at.atZone(zone);
        if (legalDays && !isLegalDay(t.toLocalDate())) {
            return false;
        }
        LocalTime time = t.toLocalTime();
        boolean inDay = closes.equals(LocalTime.MAX) ? !time.isBefore(opens) : !time.isBefore(opens) && time.isBefore(closes);
        return inDay && !isQuiet(time);
    }

    private boolean isQuiet(LocalTime time) {
        if (quietStart == null || quietStart.equals(quietEnd)) {
            return false;
        }
        if (quietStart.isBefore(quietEnd)) {
            return !time.isBefore(quietStart) && time.isBefore(quietEnd);
        }
        return !time.isBefore(quietStart) || time.isBefore(quietEnd);
    }

    public static boolean isLegalDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SUNDAY && !FrenchHolidays.isHoliday(day);
    }

    /** {@code at} itself when the window is open, else the first minute it opens again. */
    public Instant nextOpening(Instant at) {
        if (isOpen(at)) {
            return at;
        }
        ZonedDateTime t = at.atZone(zone).withSecond(0).withNano(0).plusMinutes(1);
        // minute steps within a day, whole days skipped when the day is closed: at most a few weeks of days
        for (int i = 0; i < 60 * 24 * 40; i++) {
            if (legalDays && !isLegalDay(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay(zone);
                continue;
            }
            if (isOpen(t.toInstant())) {
                return t.toInstant();
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalStateException("contact window never opens: " + this);
    }
}
