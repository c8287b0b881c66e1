package io.activationhub.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** X's fixed rate-limit window: so many requests per window, then 429 until the window resets. */
final class XRateWindow {

    private final Clock clock;
    private int limit;
    private Duration length;
    private Instant start;
    private int used;

    XRateWindow(Clock clock, int limit, Duration length) {
        this.clock = clock;
        configure(limit, length);
    }

    synchronized void configure(int limit, Duration length) {
        if (limit < 1 || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("the rate window needs a positive limit and length");
        }
        this.limit = limit;
        this.length = length;
        reset();
    }

    /** Starts a fresh window now. */
    synchronized void reset() {
        start = clock.instant();
        used = 0;
    }

    /** Counts one request and tells whether it is within the limit, with the headers to send either way. */
    synchronized Admission admit() {
        Instant now = clock.instant();
        if (!now.isBefore(start.plus(length))) {
            start = now;
            used = 0;
        }
        boolean allowed = used < limit;
        if (allowed) {
            used++;
        }
        return new Admission(allowed, limit, limit - used, start.plus(length).getEpochSecond());
    }

    synchronized int limit() {
        return limit;
    }

    synchronized Duration length() {
        return length;
    }

    record Admission(boolean allowed, int limit, int remaining, long resetEpochSeconds) {

        Map<String, String> headers() {
            return Map.of("x-rate-limit-limit", String.valueOf(limit),
                    "x-rate-limit-remaining", String.valueOf(remaining),
                    "x-rate-limit-reset", String.valueOf(resetEpochSeconds));
        }
    }
}
