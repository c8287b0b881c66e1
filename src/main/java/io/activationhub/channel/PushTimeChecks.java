package io.activationhub.channel;

import io.activationhub.consent.PushGuard;

import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.EmailMessage;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * What is checked again when a queued email is about to go (the email-channel route asks), by {@link PushGuard}: the
 * customer still exists and consents to email, the address is not suppressed (an unsubscribe, a hard bounce, the
 * do-not-contact list since the activation), and the customer's own monthly maximum is not reached. A push that may
 * not go any more is recorded SKIPPED with the reason. (SMS are checked by {@link SmsChannel}.)
 */
@Component("pushTimeChecks")
public class PushTimeChecks {

    private final PushGuard guard;
    private final ActivationLog activations;

    public PushTimeChecks(PushGuard guard, ActivationLog activations) {
        this.guard = guard;
        this.activations = activations;
    }

    /** True when the email must not be sent: already done, or refused now (its push recorded SKIPPED with the reason). */
    public boolean skipEmail(EmailMessage m) {
        if (!activations.isQueued(m.pushId())) {
            return true; // handed again after it was done (sent, skipped, failed) before its offset was committed
        }
        String reason = m.to() == null ? "no email address" : guard.refusal(m.customerId(), "email", m.to());
        if (reason == null) {
            return false;
        }
        activations.skipped(m.pushId(), reason + " at push time");
        return true;
    }
}
