package io.activationhub.pressure;

import java.time.Duration;

/**
 * Marketing pressure: at most {@code maxContacts} contacts per customer over {@code period}, all channels together.
 * A customer's own maximum per month ({@code contact_preference.max_per_month}), when lower, wins.
 */
public record ContactCap(int maxContacts, Duration period) {

    public ContactCap {
        if (maxContacts < 0) {
            throw new IllegalArgumentException("maxContacts must not be negative");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    /**
     * @param alreadyContacted contacts in the period (queued, held or sent; failed ones do not count)
     * @param customerMaxPerMonth the customer's own limit, or null
     */
    public boolean allows(int alreadyContacted, Integer customerMaxPerMonth) {
        int limit = maxContacts;
        if (customerMaxPerMonth != null) {
            limit = Math.min(limit, customerMaxPerMonth);
        }
        return alreadyContacted < limit;
    }
}
