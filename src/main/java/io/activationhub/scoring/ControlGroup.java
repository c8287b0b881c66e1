package io.activationhub.scoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A campaign's control group: a stable random hold-out. Each customer gets a draw, uniform in [0, 1), from
 * SHA-256 of {@code campaignId + ":" + customerId}; the customer is held out (not contacted) when the draw is below
 * the share. The same customer is in or out of a campaign's control group every time it is computed, on any
 * instance, without storing anything first; draws of different campaigns are independent, so it is not always
 * the same customers who are held out.
 *
 * @param campaignId the campaign (an audience id)
 * @param share      share of customers held out, in [0, 1]
 */
public record ControlGroup(String campaignId, double share) {

    public ControlGroup {
        if (campaignId == null || campaignId.isBlank()) {
            throw new IllegalArgumentException("a control group needs a campaign id");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("control group share must be in [0, 1], got " + share);
        }
    }

    /** Uniform in [0, 1): the first 53 bits of SHA-256(campaignId:customerId) as a fraction. */
    public double draw(long customerId) {
        byte[] digest = sha256().digest((campaignId + ":" + customerId).getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xffL);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** True when the customer is held out of the campaign. */
    public boolean holdsOut(long customerId) {
        return draw(customerId) < share;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
