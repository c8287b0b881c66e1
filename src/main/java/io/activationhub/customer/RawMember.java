package io.activationhub.customer;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A loyalty member exactly as the file gave it. */
public record RawMember(long lineNo, String cardNumber, String storeId, String enrolledAt, String civility,
                        String firstName, String lastName, String contact, String birthDate, String email, String phone,
                        String mobile, String addressLine1, String addressLine2, String addressLine3,
                        String addressLine4, String postcode, String city, String country, String optinEmail,
                        String optinSms, String optinPostal, String optinAds) {

    /** A member from a source that has no advertising opt-in. */
    public RawMember(long lineNo, String cardNumber, String storeId, String enrolledAt, String civility,
                     String firstName, String lastName, String contact, String birthDate, String email, String phone,
                     String mobile, String addressLine1, String addressLine2, String addressLine3,
                     String addressLine4, String postcode, String city, String country, String optinEmail,
                     String optinSms, String optinPostal) {
        this(lineNo, cardNumber, storeId, enrolledAt, civility, firstName, lastName, contact, birthDate, email, phone,
                mobile, addressLine1, addressLine2, addressLine3, addressLine4, postcode, city, country, optinEmail,
                optinSms, optinPostal, null);
    }

    static RawMember from(ResultSet rs) throws SQLException {
        return new RawMember(rs.getLong("line_no"), rs.getString("card_number"), rs.getString("store_id"),
                rs.getString("enrolled_at"), rs.getString("civility"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("contact"), rs.getString("birth_date"), rs.getString("email"),
                rs.getString("phone"), rs.getString("mobile"), rs.getString("address_line1"),
                rs.getString("address_line2"), rs.getString("address_line3"), rs.getString("address_line4"),
                rs.getString("postcode"), rs.getString("city"), rs.getString("country"), rs.getString("optin_email"),
                rs.getString("optin_sms"), rs.getString("optin_postal"), rs.getString("optin_ads"));
    }
}
