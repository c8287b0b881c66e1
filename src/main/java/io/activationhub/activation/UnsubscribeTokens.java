package io.activationhub.activation;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed one-click unsubscribe tokens (RFC 8058): {@code customerId.channel.signature}, HMAC-SHA256 with the hub's
 * secret, so a token cannot be forged or changed to unsubscribe someone else.
 */
public final class UnsubscribeTokens {

    /** What a valid token designates. */
    public record Subject(long customerId, String channel) {
    }

    private final byte[] secret;

    public UnsubscribeTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the unsubscribe secret needs at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    public String issue(long customerId, String channel) {
        String payload = customerId + "." + channel;
        return payload + "." + sign(payload);
    }

    public Optional<Subject> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("[a-z]{2,10}")) {
            return Optional.empty();
        }
        String expected = sign(parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Subject(Long.parseLong(parts[0]), parts[1]));
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
