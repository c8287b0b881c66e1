package io.activationhub.customer;

import io.activationhub.consent.ConsentStatus;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A loyalty member after cleaning: one format per field, address on AFNOR lines 2 to 6. */
public record CleanMember(String cardNumber, String storeId, OffsetDateTime enrolledAt, String civility,
                          String firstName, String lastName, LocalDate birthDate, String email, String mobile,
                          String phone, String addressLine2, String addressLine3, String addressLine4,
                          String addressLine5, String postcode, String city, String country,
                          ConsentStatus optinEmail, ConsentStatus optinSms, ConsentStatus optinPostal,
                          ConsentStatus optinAds) {

    /** A member without an advertising opt-in (sources that do not ask for it). */
    public CleanMember(String cardNumber, String storeId, OffsetDateTime enrolledAt, String civility,
                       String firstName, String lastName, LocalDate birthDate, String email, String mobile,
                       String phone, String addressLine2, String addressLine3, String addressLine4,
                       String addressLine5, String postcode, String city, String country,
                       ConsentStatus optinEmail, ConsentStatus optinSms, ConsentStatus optinPostal) {
        this(cardNumber, storeId, enrolledAt, civility, firstName, lastName, birthDate, email, mobile, phone,
                addressLine2, addressLine3, addressLine4, addressLine5, postcode, city, country, optinEmail, optinSms,
                optinPostal, null);
    }
}
