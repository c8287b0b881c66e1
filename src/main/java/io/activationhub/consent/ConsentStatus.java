package io.activationhub.consent;

import java.util.Locale;
import java.util.Set;

/** A customer's choice on one channel. */
public enum ConsentStatus {
    GRANTED, DENIED, WITHDRAWN;

    private static final Set<String> YES = Set.of("1", "y", "yes", "o", "oui", "true", "t", "granted", "optin", "opt-in");
    private static final Set<String> NO = Set.of("0", "n", "no", "non", "false", "f", "denied", "optout", "opt-out");

    /** Reads an opt-in flag as files give it ({@code 1}, {@code O}, {@code oui}, {@code N}...); {@code null} when absent or unreadable. */
    public static ConsentStatus fromFlag(String flag) {
        if (flag == null) {
            return null;
        }
        String f = flag.trim().toLowerCase(Locale.ROOT);
        if (YES.contains(f)) {
            return GRANTED;
        }
        if (NO.contains(f)) {
            return DENIED;
        }
        return null;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
