package io.activationhub.mock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a partner mock misbehaves: added latency, forced failures, rate limiting, dropped connections.
 * A count of {@link #UNTIL_RESET} keeps the fault until {@link #reset()}. When several faults are armed,
 * a dropped connection wins over a failure, which wins over a rate limit; latency applies to every request.
 * Over HTTP the same settings are {@link BehaviourSettings}.
 */
public final class Behaviour {

    public static final int UNTIL_RESET = -1;

    private final Runnable onReset;
    private long latencyMs;
    private int failStatus;
    private int failsLeft;
    private int rateLimitStatus;
    private long retryAfterSeconds;
    private int rateLimitsLeft;
    private int dropsLeft;

    Behaviour(Runnable onReset) {
        this.onReset = onReset;
    }

    /** Delays every request by this many milliseconds (0 for none). */
    public synchronized Behaviour latency(long millis) {
        this.latencyMs = checkLatency(millis);
        return this;
    }

    public Behaviour latency(Duration delay) {
        return latency(delay.toMillis());
    }

    /** Answers the next {@code times} requests with this status (4xx or 5xx) and the partner's error body. */
    public synchronized Behaviour failWith(int status, int times) {
        checkStatus(status, "failWith");
        this.failStatus = status;
        this.failsLeft = checkTimes(times);
        return this;
    }

    /** Answers every request with this status until reset. */
    public Behaviour failWith(int status) {
        return failWith(status, UNTIL_RESET);
    }

    /** Refuses the next {@code times} requests as rate-limited, with {@code Retry-After} and the partner's headers. */
    public synchronized Behaviour rateLimit(int status, long retryAfterSeconds, int times) {
        checkStatus(status, "rateLimit.status");
        this.rateLimitStatus = status;
        this.retryAfterSeconds = checkRetryAfter(retryAfterSeconds);
        this.rateLimitsLeft = checkTimes(times);
        return this;
    }

    /** Closes the connection of the next {@code times} requests without answering. */
    public synchronized Behaviour dropConnections(int times) {
        this.dropsLeft = checkTimes(times);
        return this;
    }

    /** Back to good behaviour; a partner with state of its own (the X rate window) resets it too. */
    public void reset() {
        synchronized (this) {
            latencyMs = 0;
            failStatus = 0;
            failsLeft = 0;
            rateLimitStatus = 0;
            retryAfterSeconds = 0;
            rateLimitsLeft = 0;
            dropsLeft = 0;
        }
        onReset.run();
    }

    /** Decides, and counts down, what the next request suffers. */
    synchronized Fault next() {
        if (dropsLeft != 0) {
            dropsLeft = countDown(dropsLeft);
            return new Fault(latencyMs, Fault.Kind.DROP_CONNECTION, 0, 0);
        }
        if (failsLeft != 0) {
            failsLeft = countDown(failsLeft);
            return new Fault(latencyMs, Fault.Kind.FAIL, failStatus, 0);
        }
        if (rateLimitsLeft != 0) {
            rateLimitsLeft = countDown(rateLimitsLeft);
            return new Fault(latencyMs, Fault.Kind.RATE_LIMIT, rateLimitStatus, retryAfterSeconds);
        }
        return new Fault(latencyMs, Fault.Kind.NONE, 0, 0);
    }

    /** Applies checked HTTP settings: {@code reset} first, so it may be combined with new faults. */
    void apply(BehaviourSettings settings) {
        if (settings.reset()) {
            reset();
        }
        synchronized (this) {
            if (settings.latencyMs() != null) {
                latency(settings.latencyMs());
            }
            if (settings.failWith() != null) {
                failWith(settings.failWith(), settings.failTimes());
            }
            if (settings.rateLimitStatus() != null) {
                rateLimit(settings.rateLimitStatus(), settings.retryAfterSeconds(), settings.rateLimitTimes());
            }
            if (settings.dropConnections() != null) {
                dropConnections(settings.dropConnections());
            }
        }
    }

    /** Throws IllegalArgumentException for settings the setters would refuse. */
    static void check(BehaviourSettings settings) {
        if (settings.latencyMs() != null) {
            checkLatency(settings.latencyMs());
        }
        if (settings.failWith() != null) {
            checkStatus(settings.failWith(), "failWith");
            checkTimes(settings.failTimes());
        }
        if (settings.rateLimitStatus() != null) {
            checkStatus(settings.rateLimitStatus(), "rateLimit.status");
            checkRetryAfter(settings.retryAfterSeconds());
            checkTimes(settings.rateLimitTimes());
        }
        if (settings.dropConnections() != null) {
            checkTimes(settings.dropConnections());
        }
    }

    public synchronized Map<String, Object> describe() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("latencyMs", latencyMs);
        if (failsLeft != 0) {
            state.put("failWith", failStatus);
            state.put("times", failsLeft == UNTIL_RESET ? "until reset" : failsLeft);
        }
        if (rateLimitsLeft != 0) {
            state.put("rateLimit", Map.of("status", rateLimitStatus, "retryAfterSeconds", retryAfterSeconds,
                    "times", rateLimitsLeft == UNTIL_RESET ? "until reset" : rateLimitsLeft));
        }
        if (dropsLeft != 0) {
            state.put("dropConnections", dropsLeft == UNTIL_RESET ? "until reset" : dropsLeft);
        }
        return state;
    }

    private static int countDown(int left) {
        return left == UNTIL_RESET ? UNTIL_RESET : left - 1;
    }

    private static long checkLatency(long millis) {
        if (millis < 0 || millis > 120_000) {
            throw new IllegalArgumentException("latencyMs must be between 0 and 120000");
        }
        return millis;
    }

    private static long checkRetryAfter(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        return seconds;
    }

    private static void checkStatus(int status, String name) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException(name + " must be an HTTP error status (400-599)");
        }
    }

    private static int checkTimes(int times) {
        if (times < 1 && times != UNTIL_RESET) {
            throw new IllegalArgumentException("times must be positive, or UNTIL_RESET");
        }
        return times;
    }
}
