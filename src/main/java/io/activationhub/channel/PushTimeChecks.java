package io.activationhub.channel;

import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.EmailMessage;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * What is checked again when a queued email is about to go (the email-channel route asks): the customer still
 * consents to email and the address is not suppressed (an unsubscribe or a hard bounce since the activation). A push
 * that may not go any more is recorded SKIPPED with the reason. (SMS are checked by {@link SmsChannel}.)
 */
@Component("pushTimeChecks")
public class PushTimeChecks {

    private final NamedParameterJdbcTemplate jdbc;
    private final ActivationLog activations;

    public PushTimeChecks(NamedParameterJdbcTemplate jdbc, ActivationLog activations) {
        this.jdbc = jdbc;
        this.activations = activations;
    }

    /** True when the email must not be sent (and its push was recorded SKIPPED). */
    public boolean skipEmail(EmailMessage m) {
        List<String> consent = jdbc.queryForList(
                "select status from consent_current where customer_id = :c and channel = 'email'",
                Map.of("c", m.customerId()), String.class);
        String reason = null;
        if (consent.isEmpty() || !consent.get(0).equals("granted")) {
            reason = "no email consent at push time";
        } else if (m.to() == null || jdbc.queryForObject("""
                select count(*) from suppression where channel = 'email'
                and address_hash = encode(sha256(convert_to(:e, 'UTF8')), 'hex')""", Map.of("e", m.to()), Integer.class) > 0) {
            reason = "address suppressed for email at push time";
        }
        if (reason == null) {
            return false;
        }
        activations.skipped(m.pushId(), reason);
        return true;
    }
}
