package io.activationhub.activation;

import io.activationhub.hygiene.Masking;

/**
 * One personalised email, as queued on the {@code hub.push.email} topic for the email channel.
 * {@link #toString()} masks the address: this record may be logged.
 */
public record EmailMessage(long pushId, long activationId, String audienceId, long customerId, String to,
                           String subject, String body, String unsubscribeUrl, String unsubscribeMailto) {

    @Override
    public String toString() {
        return "EmailMessage[push=" + pushId + ", activation=" + activationId + ", audience=" + audienceId
                + ", customer=" + customerId + ", to=" + Masking.email(to) + "]";
    }
}
