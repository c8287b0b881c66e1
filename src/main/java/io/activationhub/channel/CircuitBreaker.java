package io.activationhub.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A partner's circuit breaker: after {@code threshold} failures in a row it opens, and calls wait until
 * {@code openFor} has passed; then one trial call (half-open) closes it on success or opens it again on failure.
 * While it is open nothing is sent, so a partner that is down is not hammered, and what waits is not lost.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private Instant openedAt;
    private State state = State.CLOSED;

    public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** How long to wait before a call may go (zero: now); an open breaker past its delay turns half-open. */
    public synchronized Duration waitBeforeCall() {
        if (state == State.OPEN) {
            Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
            if (!left.isNegative() && !left.isZero()) {
                return left;
            }
            state = State.HALF_OPEN;
        }
        return Duration.ZERO;
    }

    public synchronized void success() {
        failures = 0;
        state = State.CLOSED;
    }

    public synchronized void failure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    public synchronized State state() {
        return state;
    }
}
