package io.activationhub.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Hashes of a person's identifiers, as kept after erasure (tombstones) and in suppression lists. */
public final class Identifiers {

    private Identifiers() {
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tombstone key of an identifier kind ({@code email}, {@code phone}, {@code card}) and its normalised value. */
    public static String tombstone(String kind, String normalisedValue) {
        return sha256(kind + ":" + normalisedValue.trim().toLowerCase(Locale.ROOT));
    }
}
