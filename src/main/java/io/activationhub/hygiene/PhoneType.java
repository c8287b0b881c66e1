package io.activationhub.hygiene;

/** What a phone number can be used for. Only {@link #MOBILE} numbers may receive SMS. */
public enum PhoneType {
    /** A mobile number: calls and SMS. */
    MOBILE,
    /** A geographic fixed line: calls only. */
    LANDLINE,
    /** A valid number that is neither a sure mobile nor a geographic line (VoIP 09, toll-free, shared cost, fixed-or-mobile plans). */
    OTHER,
    /** Not a valid phone number. */
    INVALID,
    /** No number was given. */
    ABSENT
}
