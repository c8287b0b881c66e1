package io.activationhub.ingest;

import java.util.List;

/**
 * Loyalty-programme members: {@code card_number;store_id;enrolled_at;civility;first_name;last_name;contact;birth_date;
 * email;phone;mobile;address_line1..4;postcode;city;country;optin_email;optin_sms;optin_postal[;optin_ads]}
 * ({@code optin_ads}, consent to custom audiences on ad platforms, is optional).
 * Values are kept as received: messy values are cleaning's job, not a reason to reject. Only a row without a card
 * number is rejected. The latest version of a card wins; a row identical to what is stored is a duplicate.
 */
public class LoyaltyMemberFormat implements FeedFormat {

    public static final String FEED_ID = "loyalty";

    static final List<String> COLUMNS = List.of("card_number", "store_id", "enrolled_at", "civility", "first_name",
            "last_name", "contact", "birth_date", "email", "phone", "mobile", "address_line1", "address_line2",
            "address_line3", "address_line4", "postcode", "city", "country", "optin_email", "optin_sms", "optin_postal",
            "optin_ads");

    private static final int MAX_FIELD = 512;

    @Override
    public String feedId() {
        return FEED_ID;
    }

    @Override
    public String kind() {
        return "loyalty";
    }

    @Override
    public String description() {
        return "Loyalty-programme members: cards, identities, opt-ins";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("card_number", "first_name", "last_name", "email", "postcode", "city");
    }

    @Override
    public List<String> allColumns() {
        return COLUMNS;
    }

    @Override
    public List<String> stagingColumns() {
        return COLUMNS.stream().map(c -> c + " text").toList();
    }

    @Override
    public void stage(Row row, String[] v) throws RowRejected {
        for (int i = 0; i < COLUMNS.size(); i++) {
            String value = row.get(COLUMNS.get(i));
            if (value != null && value.length() > MAX_FIELD) {
                throw new RowRejected(COLUMNS.get(i) + " longer than " + MAX_FIELD + " characters");
            }
            v[i] = value;
        }
        if (v[0] == null) {
            throw new RowRejected("card_number is empty");
        }
    }

    @Override
    public String mergeSql() {
        String cols = String.join(", ", COLUMNS);
        String excluded = String.join(", ", COLUMNS.stream().map(c -> "excluded." + c).toList());
        String current = String.join(", ", COLUMNS.stream().map(c -> "loyalty_member." + c).toList());
        String sets = String.join(", ", COLUMNS.stream().skip(1).map(c -> c + " = excluded." + c).toList());
        return """
                with latest as (
                    select distinct on (card_number) * from stage order by card_number, line_no desc),
                up as (
                    insert into loyalty_member (%s, run_id, line_no)
                    select %s, ?, line_no from latest
                    on conflict (card_number) do update set %s, run_id = excluded.run_id, line_no = excluded.line_no,
                           received_at = now()
                    where (%s) is distinct from (%s)
                    returning 1)
                select count(*) from up""".formatted(cols, cols, sets, current, excluded);
    }
}
