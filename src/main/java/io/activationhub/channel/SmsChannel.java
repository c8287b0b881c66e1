package io.activationhub.channel;

import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.SmsMessage;
import io.activationhub.privacy.Identifiers;
import io.activationhub.pressure.MarketingPressure;
import io.activationhub.returns.SmsReturns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Delivers one queued SMS (the {@code sms-channel} route calls it for each record of {@code hub.push.sms}):
 * <ol>
 *     <li>at push time, the customer must still consent to SMS and the number must not be suppressed (a STOP or a
 *     withdrawn consent since the activation): otherwise the push is SKIPPED;</li>
 *     <li>outside the SMS window (French legal hours, quiet hours) the push is HELD until the window opens, then
 *     released ({@link #releaseDue()}) and queued again: never dropped;</li>
 *     <li>the gateway is called through the circuit breaker, with retries and exponential backoff on 429 (honouring
 *     {@code Retry-After}) and 5xx or no answer; when the attempts are used up the route fails and Kafka hands the
 *     same record again later (nothing is lost while the partner is down);</li>
 *     <li>a refusal for good (4xx: invalid number, not a mobile, unsubscribed) fails the push and keeps it as a dead
 *     letter; 21610 (recipient replied STOP) also suppresses the number and withdraws the SMS consent.</li>
 * </ol>
 */
@Component("smsChannel")
public class SmsChannel {

    private static final Logger log = LoggerFactory.getLogger(SmsChannel.class);

    /** The partner could not be reached after the retries: the route fails and the record is handed again. */
    public static class PartnerUnavailable extends RuntimeException {
        public PartnerUnavailable(String message) {
            super(message);
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ActivationLog activations;
    private final io.activationhub.consent.PushGuard guard;
    private final MarketingPressure pressure;
    private final SmsReturns returns;
    private final org.springframework.core.env.Environment env;
    private volatile SmsGateway gateway;
    private final CircuitBreaker breaker;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public SmsChannel(NamedParameterJdbcTemplate jdbc, ActivationLog activations, MarketingPressure pressure,
                      SmsReturns returns, io.activationhub.consent.PushGuard guard,
                      org.springframework.core.env.Environment env,
                      @Value("${hub.channels.sms.retry.max-attempts:6}") int maxAttempts,
                      @Value("${hub.channels.sms.retry.first-backoff:PT0.5S}") Duration firstBackoff,
                      @Value("${hub.channels.sms.retry.max-backoff:PT10S}") Duration maxBackoff,
                      @Value("${hub.channels.sms.circuit-breaker.failures:5}") int breakerFailures,
                      @Value("${hub.channels.sms.circuit-breaker.open-for:PT10S}") Duration breakerOpenFor) {
        this.jdbc = jdbc;
        this.activations = activations;
        this.guard = guard;
        this.pressure = pressure;
        this.returns = returns;
        this.env = env;
        this.breaker = new CircuitBreaker(breakerFailures, breakerOpenFor, Clock.systemUTC());
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Delivers, holds or skips one push; returns what was done (SENT, HELD, SKIPPED, FAILED, DONE). */
    public String deliver(SmsMessage m) {
        List<String> status = jdbc.queryForList("select status from push where id = :id", Map.of("id", m.pushId()), String.class);
        if (status.isEmpty() || !status.get(0).equals("QUEUED")) {
            return "DONE"; // a record handed again after it was sent, skipped or held
        }
        String refusal = refusalAtPushTime(m);
        if (refusal != null) {
            activations.skipped(m.pushId(), refusal);
            log.info("SMS push {} skipped at push time: {}", m.pushId(), refusal);
            return "SKIPPED";
        }
        Instant now = pressure.now();
        if (!pressure.smsWindow().isOpen(now)) {
            Instant opens = pressure.smsWindow().nextOpening(now);
            activations.held(m.pushId(), opens);
            log.info("SMS push {} held until {} (outside the SMS window)", m.pushId(), opens);
            return "HELD";
        }
        Duration backoff = firstBackoff;
        String lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            sleep(breaker.waitBeforeCall());
            SmsGateway.Outcome outcome = gateway().send(m.to(), m.from(), m.body(), m.statusCallback());
            switch (outcome.kind()) {
                case ACCEPTED -> {
                    breaker.success();
                    activations.sent(m.pushId(), outcome.sid());
                    return "SENT";
                }
                case REFUSED -> {
                    breaker.success();
                    activations.deadLetter(m.pushId(), outcome.error());
                    if (Integer.valueOf(21610).equals(outcome.errorCode())) {
                        returns.unsubscribedAtGateway(m.to(), "gateway error 21610 on push " + m.pushId());
                    }
                    log.warn("SMS push {} refused by the gateway: {}", m.pushId(), outcome.error());
                    return "FAILED";
                }
                default -> {
                    breaker.failure();
                    lastError = outcome.error();
                    // the partner's Retry-After is honoured (up to two minutes), else the exponential backoff
                    Duration wait = outcome.retryAfter() != null && outcome.retryAfter().compareTo(backoff) > 0
                            ? min(outcome.retryAfter(), Duration.ofMinutes(2)) : backoff;
                    log.warn("SMS push {} attempt {}/{}: {}; next in {} ms", m.pushId(), attempt, maxAttempts,
                            outcome.error(), wait.toMillis());
                    if (attempt < maxAttempts) {
                        sleep(wait);
                    }
                    backoff = min(backoff.multipliedBy(2), maxBackoff);
                }
            }
        }
        throw new PartnerUnavailable("SMS push " + m.pushId() + " not delivered after " + maxAttempts
                + " attempts (" + lastError + "); it will be handed again");
    }

    /**
     * The gateway client, built at first use: in the demo and tests the mock partners set
     * {@code hub.channels.sms.base-url}, {@code account-sid} and {@code auth-token} once they have started.
     */
    private SmsGateway gateway() {
        if (gateway == null) {
            String accountSid = env.getProperty("hub.channels.sms.account-sid", "");
            gateway = new SmsGateway(env.getProperty("hub.channels.sms.base-url", "https://api.twilio.com"),
                    accountSid.isBlank() ? "unset" : accountSid, env.getProperty("hub.channels.sms.auth-token", ""),
                    Duration.ofSeconds(10));
        }
        return gateway;
    }

    /** Why the push must not go now (consent, suppression, erasure, the customer's own monthly maximum), or null. */
    private String refusalAtPushTime(SmsMessage m) {
        String refusal = m.to() == null ? "no mobile number" : guard.refusal(m.customerId(), "sms", m.to());
        return refusal == null ? null : refusal + " at push time";
    }

    /** Held pushes whose window opened, queued again: their messages (JSON) for the channel's topic. */
    public List<String> releaseDue() {
        List<Map<String, Object>> rows = activations.releaseHeld("sms", pressure.now());
        if (!rows.isEmpty()) {
            log.info("{} held SMS push(es) released: the SMS window is open", rows.size());
        }
        return rows.stream().map(r -> (String) r.get("payload")).toList();
    }

    public CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartnerUnavailable("interrupted while waiting for the SMS gateway");
        }
    }
}
