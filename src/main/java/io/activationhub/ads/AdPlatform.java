package io.activationhub.ads;

import java.util.List;
import java.util.Locale;

/**
 * The ad platforms an audience can be pushed to as a customer list, with each platform's schema (the order of the
 * values of an {@link AdMember}) and its limit of members per request.
 */
public enum AdPlatform {

    /** Meta Marketing API custom audiences: one row per member, schema keys as Meta names them. */
    META("meta", 10_000, List.of("EMAIL", "PHONE", "FN", "LN", "ZIP", "CT", "COUNTRY")),
    /**
     * Google Data Manager API (Customer Match): email and phone hashed; the address match key is the hashed given and
     * family names with the region code and postal code sent as they are.
     */
    GOOGLE("google", 10_000, List.of("emailAddress", "phoneNumber", "givenName", "familyName", "regionCode", "postalCode"));

    private final String id;
    private final int maxMembersPerRequest;
    private final List<String> schema;

    AdPlatform(String id, int maxMembersPerRequest, List<String> schema) {
        this.id = id;
        this.maxMembersPerRequest = maxMembersPerRequest;
        this.schema = schema;
    }

    /** The name used in settings, the activation log ({@code partner}) and the API: {@code meta}, {@code google}. */
    public String id() {
        return id;
    }

    public int maxMembersPerRequest() {
        return maxMembersPerRequest;
    }

    public List<String> schema() {
        return schema;
    }

    public static AdPlatform of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (AdPlatform p : values()) {
            if (p.id.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown ad platform '" + id + "'; use meta or google");
    }
}
