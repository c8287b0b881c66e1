package io.activationhub.activation;

import io.activationhub.hygiene.Masking;

/**
 * One SMS, as queued on the {@code hub.push.sms} topic: an E.164 mobile, the sender name, the body (with the
 * sender's name and the STOP mention) and the status callback URL of the hub. {@link #toString()} masks the number.
 */
public record SmsMessage(long pushId, long activationId, String audienceId, long customerId, String to, String from,
                         String body, String statusCallback) {

    @Override
    public String toString() {
        return "SmsMessage[push=" + pushId + ", activation=" + activationId + ", audience=" + audienceId
                + ", customer=" + customerId + ", to=" + Masking.phone(to) + "]";
    }
}
