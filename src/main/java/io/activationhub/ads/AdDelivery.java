package io.activationhub.ads;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delivers one request to a platform until the platform acknowledges it or the policy gives up:
 * <ul>
 *     <li>429 (and Meta's throttling codes): waits what the platform said (Retry-After, else Meta's
 *     {@code estimated_time_to_regain_access}, else the backoff) before <b>any</b> further request to that platform,
 *     then sends the same request again; a wait longer than {@code maxRetryAfter}, or too many of them, gives up;</li>
 *     <li>5xx, dropped connections: retries with exponential backoff, {@code maxAttempts} in all;</li>
 *     <li>one circuit breaker per platform (resilience4j): after repeated failures the platform is left alone for
 *     {@code breakerOpen}; requests meanwhile give up at once, and the sync is retried later;</li>
 *     <li>other 4xx: given up at once (the same request cannot succeed).</li>
 * </ul>
 * Thread-safe; one instance serves every sync.
 */
public class AdDelivery {

    private static final Logger log = LoggerFactory.getLogger(AdDelivery.class);

    /** How one request ended, with the attempts it took. */
    public record Outcome(AdAnswer answer, int attempts, int rateLimited) {
        public boolean acknowledged() {
            return answer.kind() == AdAnswer.Kind.ACCEPTED;
        }
    }

    private final AdPlatformPort port;
    private final AdChannelSettings settings;
    private final Map<AdPlatform, CircuitBreaker> breakers = new EnumMap<>(AdPlatform.class);
    private final Map<AdPlatform, Instant> notBefore = new EnumMap<>(AdPlatform.class);

    public AdDelivery(AdPlatformPort port, AdChannelSettings settings) {
        this.port = port;
        this.settings = settings;
        for (AdPlatform p : AdPlatform.values()) {
            breakers.put(p, CircuitBreaker.of("ads-" + p.id(), CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(Math.max(2, settings.breakerMinimumCalls() * 2))
                    .minimumNumberOfCalls(settings.breakerMinimumCalls())
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(settings.breakerOpen())
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .build()));
            notBefore.put(p, Instant.EPOCH);
        }
    }

    /** The state of a platform's circuit: CLOSED, OPEN, HALF_OPEN. */
    public String circuit(AdPlatform platform) {
        return breakers.get(platform).getState().name();
    }

    public Outcome deliver(AdPlatformPort.Call call, int rows) {
        AdPlatform platform = call.platform();
        CircuitBreaker breaker = breakers.get(platform);
        Duration backoff = settings.initialBackoff();
        int attempts = 0;
        int rateLimited = 0;
        AdAnswer last = null;
        while (true) {
            waitForPlatform(platform);
            if (!breaker.tryAcquirePermission()) {
                return new Outcome(last != null ? last : AdAnswer.unreachable("circuit open: " + platform.id()
                        + " failed repeatedly; retried after " + settings.breakerOpen().toSeconds() + " s"), attempts, rateLimited);
            }
            attempts++;
            long start = System.nanoTime();
            AdAnswer answer;
            try {
                answer = AdAnswer.read(platform, port.call(call), rows);
            } catch (AdPlatformPort.Unreachable e) {
                answer = AdAnswer.unreachable("unreachable: " + e.getMessage());
            }
            long took = System.nanoTime() - start;
            switch (answer.kind()) {
                case ACCEPTED, REJECTED -> {
                    // a rejection is the request's fault, not the platform's: the circuit stays as it is
                    breaker.onSuccess(took, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return new Outcome(answer, attempts, rateLimited);
                }
                case RATE_LIMITED -> {
                    breaker.releasePermission();
                    rateLimited++;
                    attempts--;
                    Duration wait = answer.delay() != null ? answer.delay() : backoff;
                    if (rateLimited > settings.maxRateLimitWaits() || wait.compareTo(settings.maxRetryAfter()) > 0) {
                        return new Outcome(answer, attempts, rateLimited);
                    }
                    holdPlatform(platform, wait);
                    log.info("Ads {}: rate-limited ({}), waiting {} ms before the next request", platform.id(),
                            answer.error(), wait.toMillis());
                }
                case TRANSIENT -> {
                    breaker.onError(took, java.util.concurrent.TimeUnit.NANOSECONDS, new IllegalStateException(answer.error()));
                    last = answer;
                    if (attempts >= settings.maxAttempts()) {
                        return new Outcome(answer, attempts, rateLimited);
                    }
                    Duration wait = answer.delay() != null && answer.delay().compareTo(backoff) > 0 ? answer.delay() : backoff;
                    log.info("Ads {}: attempt {} failed ({}), retrying in {} ms", platform.id(), attempts, answer.error(),
                            wait.toMillis());
                    sleep(wait);
                    backoff = backoff.multipliedBy(2);
                    if (backoff.compareTo(settings.maxBackoff()) > 0) {
                        backoff = settings.maxBackoff();
                    }
                }
            }
        }
    }

    private synchronized void holdPlatform(AdPlatform platform, Duration wait) {
        Instant until = Instant.now().plus(wait);
        if (until.isAfter(notBefore.get(platform))) {
            notBefore.put(platform, until);
        }
    }

    private void waitForPlatform(AdPlatform platform) {
        Instant until;
        synchronized (this) {
            until = notBefore.get(platform);
        }
        Duration left = Duration.between(Instant.now(), until);
        if (!left.isNegative() && !left.isZero()) {
            sleep(left);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an ad platform", e);
        }
    }
}
