package io.activationhub.identity;

import java.time.LocalDate;

/**
 * One source record of a person, as matching sees it: identifiers already normalised (email lower-case, phones
 * E.164), names and address in any case (folded for comparison). Every field but {@code id} may be missing.
 * {@link #toString()} shows the id only: records may be logged.
 */
public record PersonRecord(String id, String cardNumber, String email, String mobile, String phone, String firstName,
                           String lastName, String streetNumber, String street, String postcode, String city,
                           LocalDate birthDate, String nationalId, String sex) {

    /** A record whose sex is not known (sources without a civility). */
    public PersonRecord(String id, String cardNumber, String email, String mobile, String phone, String firstName,
                        String lastName, String streetNumber, String street, String postcode, String city,
                        LocalDate birthDate, String nationalId) {
        this(id, cardNumber, email, mobile, phone, firstName, lastName, streetNumber, street, postcode, city, birthDate,
                nationalId, null);
    }

    @Override
    public String toString() {
        return "PersonRecord[" + id + "]";
    }
}
