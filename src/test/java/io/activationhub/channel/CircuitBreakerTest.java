package io.activationhub.channel;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    @Test
    void opensAfterFailuresInARowWaitsThenLetsOneTrialThrough() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T09:00:00Z"));
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(10), clock);
        b.failure();
        b.failure();
        b.success();                      // a success resets the count
        b.failure();
        b.failure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.waitBeforeCall()).isZero();
        b.failure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.set(now.get().plusSeconds(4));
        assertThat(b.waitBeforeCall()).isEqualTo(Duration.ofSeconds(6));
        now.set(now.get().plusSeconds(6));
        assertThat(b.waitBeforeCall()).isZero();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        b.failure();                      // the trial failed: open again, for a full period
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.waitBeforeCall()).isEqualTo(Duration.ofSeconds(10));
        now.set(now.get().plusSeconds(10));
        assertThat(b.waitBeforeCall()).isZero();
        b.success();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
