package io.activationhub.ads;

import java.util.Arrays;

/**
 * One customer as an ad platform receives them: the values of the platform's schema ({@link AdPlatform#schema()}),
 * hashed where the platform wants a hash, null when unknown. {@link #row()} is how the hub stores what it pushed, so
 * a later removal sends exactly the row that was added.
 */
public record AdMember(long customerId, String[] values) {

    public AdMember {
        values = values.clone();
    }

    /** The values joined by {@code |} (empty for unknown): the stored form of what was pushed. */
    public String row() {
        StringBuilder out = new StringBuilder(values.length * 66);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('|');
            }
            if (values[i] != null) {
                out.append(values[i]);
            }
        }
        return out.toString();
    }

    /** The member a stored row stands for. */
    public static AdMember fromRow(long customerId, String row, int width) {
        String[] parts = row.split("\\|", -1);
        if (parts.length != width) {
            throw new IllegalArgumentException("a stored row has " + parts.length + " values, the schema " + width);
        }
        String[] values = new String[width];
        for (int i = 0; i < width; i++) {
            values[i] = parts[i].isEmpty() ? null : parts[i];
        }
        return new AdMember(customerId, values);
    }

    /** A 64-bit FNV-1a fingerprint of {@link #row()}: a member whose fingerprint changed is pushed again. */
    public long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (String v : values) {
            if (v != null) {
                for (int i = 0; i < v.length(); i++) {
                    h ^= v.charAt(i);
                    h *= 0x100000001b3L;
                }
            }
            h ^= '|';
            h *= 0x100000001b3L;
        }
        return h;
    }

    public String value(int index) {
        return values[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdMember m && m.customerId == customerId && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(customerId) * 31 + Arrays.hashCode(values);
    }

    /** Never the values: they identify a person even hashed. */
    @Override
    public String toString() {
        return "AdMember[customer " + customerId + ", " + Arrays.stream(values).filter(v -> v != null).count() + " identifiers]";
    }
}
