package io.activationhub.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * The email partner's circuit breaker, used by the email-channel route around the SMTP call: after
 * {@code hub.channels.email.circuit-breaker.failures} failures in a row (server down, timeouts) it opens, and for
 * {@code open-for} sends fail at once without connecting; then one trial goes through. A failed or refused attempt
 * fails its Kafka record, which is tried again (its offset is not committed): nothing is lost meanwhile.
 */
@Component("emailBreaker")
public class EmailPartnerBreaker {

    /** The partner is considered down: the message waits. */
    public static final class PartnerUnavailable extends RuntimeException {
        PartnerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EmailPartnerBreaker.class);
    private final CircuitBreaker breaker;

    public EmailPartnerBreaker(@Value("${hub.channels.email.circuit-breaker.failures:5}") int failures,
                               @Value("${hub.channels.email.circuit-breaker.open-for:PT10S}") Duration openFor) {
        this.breaker = new CircuitBreaker(failures, openFor, Clock.systemUTC());
    }

    /** Before a send: refuses at once while the breaker is open. */
    public void beforeSend() {
        Duration wait = breaker.waitBeforeCall();
        if (!wait.isZero()) {
            throw new PartnerUnavailable("email partner circuit open for " + Math.max(1, wait.toSeconds())
                    + " s more: message kept for later", null);
        }
    }

    /** The server answered (accepted, or refused a recipient for good): it is up. */
    public void answered() {
        if (breaker.state() != CircuitBreaker.State.CLOSED) {
            log.info("Email partner answers again: circuit closed");
        }
        breaker.success();
    }

    /** A send failed without an answer: counts towards opening, and fails the message so that it is tried again. */
    public void failed(Exception e) {
        if (e instanceof PartnerUnavailable p) {
            throw p;
        }
        CircuitBreaker.State before = breaker.state();
        breaker.failure();
        if (before != CircuitBreaker.State.OPEN && breaker.state() == CircuitBreaker.State.OPEN) {
            log.warn("Email partner circuit opened after repeated failures: {}", e.getMessage());
        }
        throw new PartnerUnavailable("email partner unavailable: " + e.getMessage(), e);
    }

    public CircuitBreaker.State state() {
        return breaker.state();
    }
}
