package io.activationhub.ingest;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Till (POS) export: {@code store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel}.
 * {@code ticket_ts} is ISO-8601 local time, decimals use {@code .} or {@code ,}, {@code channel} is store or web, an
 * empty {@code card_number} is an anonymous ticket. A line already stored (same store, ticket and line) is a duplicate.
 * Lines whose card is already known are linked to its holder as they are stored; reconciliation links the others once
 * their card holder arrives.
 */
public class PosTicketFormat implements FeedFormat {

    public static final String FEED_ID = "pos";

    static final DateTimeFormatter TICKET_TS = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

    @Override
    public String feedId() {
        return FEED_ID;
    }

    @Override
    public String kind() {
        return "pos";
    }

    @Override
    public String description() {
        return "Till (POS) exports: one line per ticket line";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("store_id", "ticket_id", "ticket_ts", "card_number", "line_no", "sku", "category", "quantity",
                "unit_price", "discount", "channel");
    }

    @Override
    public List<String> stagingColumns() {
        return List.of("store_id text", "ticket_id text", "ticket_ts timestamp", "card_number text", "ticket_line int",
                "sku text", "category text", "quantity numeric", "unit_price numeric", "discount numeric", "channel text");
    }

    @Override
    public void stage(Row row, String[] v) throws RowRejected {
        v[0] = row.required("store_id");
        v[1] = row.required("ticket_id");
        v[2] = timestampText(row.required("ticket_ts"));
        v[3] = row.get("card_number");
        v[4] = Integer.toString(positiveInt("line_no", row.required("line_no")));
        v[5] = row.required("sku");
        v[6] = row.get("category");
        BigDecimal quantity = decimal("quantity", row.required("quantity"));
        if (quantity.signum() == 0) {
            throw new RowRejected("quantity is 0");
        }
        v[7] = quantity.toPlainString();
        BigDecimal price = decimal("unit_price", row.required("unit_price"));
        if (price.signum() < 0) {
            throw new RowRejected("unit_price is negative: " + price.toPlainString());
        }
        v[8] = price.toPlainString();
        String discount = row.get("discount");
        BigDecimal d = discount == null ? BigDecimal.ZERO : decimal("discount", discount);
        if (d.signum() < 0) {
            throw new RowRejected("discount is negative: " + d.toPlainString());
        }
        v[9] = d.toPlainString();
        String channel = row.get("channel");
        channel = channel == null ? "store" : channel.toLowerCase(Locale.ROOT);
        if (!channel.equals("store") && !channel.equals("web")) {
            throw new RowRejected("channel must be store or web, found '" + channel + "'");
        }
        v[10] = channel;
    }

    /**
     * {@code timestamp(value).toString()}, without the general parser for the shapes tills write
     * ({@code yyyy-MM-ddTHH:mm[:ss]}, {@code T} or a space): same result, same rejections (anything else, including
     * any out-of-range field, goes through {@link #timestamp}).
     */
    static String timestampText(String value) throws RowRejected {
        int n = value.length();
        if ((n == 16 || n == 19) && digits(value, 0, 4) && value.charAt(4) == '-' && digits(value, 5, 7)
                && value.charAt(7) == '-' && digits(value, 8, 10) && digits(value, 11, 13) && value.charAt(13) == ':'
                && digits(value, 14, 16) && (n == 16 || (value.charAt(16) == ':' && digits(value, 17, 19)))) {
            char separator = value.charAt(10);
            int year = number(value, 0, 4);
            int month = number(value, 5, 7);
            int day = number(value, 8, 10);
            int hour = number(value, 11, 13);
            int minute = number(value, 14, 16);
            int second = n == 19 ? number(value, 17, 19) : 0;
            if ((separator == 'T' || separator == ' ') && month >= 1 && month <= 12 && day >= 1
                    && day <= java.time.YearMonth.of(year, month).lengthOfMonth() && hour <= 23 && minute <= 59
                    && second <= 59) {
                // LocalDateTime.toString: seconds only when not zero
                String minutes = separator == 'T' ? value.substring(0, 16)
                        : value.substring(0, 10) + 'T' + value.substring(11, 16);
                return second == 0 ? minutes : minutes + value.substring(16, 19);
            }
        }
        return timestamp(value).toString();
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    static LocalDateTime timestamp(String value) throws RowRejected {
        try {
            return LocalDateTime.parse(value, TICKET_TS);
        } catch (DateTimeParseException e) {
            throw new RowRejected("ticket_ts is not an ISO-8601 local date-time: '" + value + "'");
        }
    }

    static BigDecimal decimal(String column, String value) throws RowRejected {
        String s = value.replace(" ", "").replace("\u00a0", "").replace(',', '.');
        try {
            BigDecimal d = new BigDecimal(s);
            if (d.abs().compareTo(MAX_AMOUNT) >= 0) {
                throw new RowRejected(column + " out of range: " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new RowRejected(column + " is not a number: '" + value + "'");
        }
    }

    static int positiveInt(String column, String value) throws RowRejected {
        try {
            int i = Integer.parseInt(value);
            if (i <= 0) {
                throw new RowRejected(column + " must be positive: " + value);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new RowRejected(column + " is not a whole number: '" + value + "'");
        }
    }

    /**
     * A file none of whose lines is already stored or repeated in the file (the usual case) is copied straight into
     * {@code pos_ticket_line}, each line linked to the holder of its card as it is written, as {@link #mergeSql()}
     * would link it.
     */
    @Override
    public DirectCopy directCopy() {
        return new DirectCopy("""
                copy pos_ticket_line (store_id, ticket_id, ticket_ts, card_number, line_no, sku, category, quantity,
                                      unit_price, discount, channel, run_id, customer_id) from stdin""",
                3, "select source_key, customer_id from customer_identity where source = 'card' and source_key = any(?)",
                "select source_key, customer_id from customer_identity where source = 'card'");
    }

    @Override
    public String mergeSql() {
        return """
                with ins as (
                    insert into pos_ticket_line (store_id, ticket_id, line_no, ticket_ts, card_number, sku, category,
                                                 quantity, unit_price, discount, channel, run_id, customer_id)
                    select distinct on (s.store_id, s.ticket_id, s.ticket_line)
                           s.store_id, s.ticket_id, s.ticket_line, s.ticket_ts, s.card_number, s.sku, s.category,
                           s.quantity, s.unit_price, s.discount, s.channel, ?, i.customer_id
                    from stage s
                    left join customer_identity i on i.source = 'card' and i.source_key = s.card_number
                    order by s.store_id, s.ticket_id, s.ticket_line, s.line_no
                    on conflict (store_id, ticket_id, line_no) do nothing
                    returning 1)
                select count(*) from ins""";
    }
}
