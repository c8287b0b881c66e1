package io.activationhub.hygiene;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A raw loyalty or registration record, every field as text exactly as the source gave it
 * (any field may be null). Field names, as used in corrections and flags, are the constants below.
 *
 * @param attributes other fields of the source (for example {@code salary}); those with a range in
 *                   {@link ValidityRanges} are read as amounts and range-checked
 */
public record ContactRecord(String civility, String firstName, String lastName, String contact, String birthDate,
                            String email, String phone, String mobile,
                            String addressLine1, String addressLine2, String addressLine3, String addressLine4,
                            String postcode, String city, String country, Map<String, String> attributes) {

    public static final String CIVILITY = "civility";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String CONTACT = "contact";
    public static final String BIRTH_DATE = "birth_date";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String MOBILE = "mobile";
    public static final String ADDRESS_LINE1 = "address_line1";
    public static final String ADDRESS_LINE2 = "address_line2";
    public static final String ADDRESS_LINE3 = "address_line3";
    public static final String ADDRESS_LINE4 = "address_line4";
    public static final String POSTCODE = "postcode";
    public static final String CITY = "city";
    public static final String COUNTRY = "country";

    public ContactRecord {
        attributes = attributes == null || attributes.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * A record from a map keyed by the field names above ({@code first_name}, {@code address_line1}...);
     * every other key goes to {@link #attributes()}.
     */
    public static ContactRecord fromMap(Map<String, String> fields) {
        Map<String, String> others = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            switch (key) {
                case CIVILITY: case FIRST_NAME: case LAST_NAME: case CONTACT: case BIRTH_DATE: case EMAIL: case PHONE:
                case MOBILE: case ADDRESS_LINE1: case ADDRESS_LINE2: case ADDRESS_LINE3: case ADDRESS_LINE4:
                case POSTCODE: case CITY: case COUNTRY:
                    break;
                default:
                    others.put(key, value);
            }
        });
        return new ContactRecord(fields.get(CIVILITY), fields.get(FIRST_NAME), fields.get(LAST_NAME), fields.get(CONTACT),
                fields.get(BIRTH_DATE), fields.get(EMAIL), fields.get(PHONE), fields.get(MOBILE),
                fields.get(ADDRESS_LINE1), fields.get(ADDRESS_LINE2), fields.get(ADDRESS_LINE3), fields.get(ADDRESS_LINE4),
                fields.get(POSTCODE), fields.get(CITY), fields.get(COUNTRY), others);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ContactRecord[civility=" + Masking.text(civility) + ", firstName=" + Masking.name(firstName)
                + ", lastName=" + Masking.name(lastName) + ", contact=" + Masking.name(contact)
                + ", birthDate=" + Masking.text(birthDate) + ", email=" + Masking.email(email)
                + ", phone=" + Masking.phone(phone) + ", mobile=" + Masking.phone(mobile)
                + ", address=" + Masking.text(addressLine1) + ", postcode=" + Masking.text(postcode)
                + ", city=" + Masking.text(city) + ", country=" + country + ", attributes=" + attributes.keySet() + "]";
    }

    /** Builds a {@link ContactRecord} field by field. */
    public static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();

        private Builder set(String field, String value) {
            fields.put(field, value);
            return this;
        }

        public Builder civility(String value) {
            return set(CIVILITY, value);
        }

        public Builder firstName(String value) {
            return set(FIRST_NAME, value);
        }

        public Builder lastName(String value) {
            return set(LAST_NAME, value);
        }

        public Builder contact(String value) {
            return set(CONTACT, value);
        }

        public Builder birthDate(String value) {
            return set(BIRTH_DATE, value);
        }

        public Builder email(String value) {
            return set(EMAIL, value);
        }

        public Builder phone(String value) {
            return set(PHONE, value);
        }

        public Builder mobile(String value) {
            return set(MOBILE, value);
        }

        public Builder addressLine1(String value) {
            return set(ADDRESS_LINE1, value);
        }

        public Builder addressLine2(String value) {
            return set(ADDRESS_LINE2, value);
        }

        public Builder addressLine3(String value) {
            return set(ADDRESS_LINE3, value);
        }

        public Builder addressLine4(String value) {
            return set(ADDRESS_LINE4, value);
        }

        public Builder postcode(String value) {
            return set(POSTCODE, value);
        }

        public Builder city(String value) {
            return set(CITY, value);
        }

        public Builder country(String value) {
            return set(COUNTRY, value);
        }

        /** Any other source field, such as {@code salary}. */
        public Builder attribute(String field, String value) {
            return set(field, value);
        }

        public ContactRecord build() {
            return fromMap(fields);
        }
    }
}
