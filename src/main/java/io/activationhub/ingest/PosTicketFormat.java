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
 * A ticket's lines share its time, card and channel (stored once, in {@code pos_ticket}; the lines in
 * {@code pos_ticket_item}): a line that differs from its ticket's first line is refused.
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

    /** The ranges of a till line's values, looked up once (null: no range), not for every line. */
    private final io.activationhub.hygiene.Range quantityRange;
    private final io.activationhub.hygiene.Range priceRange;
    private final io.activationhub.hygiene.Range discountRange;

    /** With the default validity ranges of a till line ({@link io.activationhub.hygiene.ValidityRanges#defaults}). */
    public PosTicketFormat() {
        this(io.activationhub.hygiene.ValidityRanges.defaults(java.time.Clock.systemUTC()));
    }

    /**
     * With a deployment's validity ranges: a quantity, unit price or discount outside its range
     * ({@code pos.quantity}, {@code pos.unit_price}, {@code pos.discount}) is kept and flagged
     * {@code OUT_OF_RANGE} in the run's data-quality report.
     */
    public PosTicketFormat(io.activationhub.hygiene.ValidityRanges ranges) {
        this.quantityRange = ranges.range(io.activationhub.hygiene.ValidityRanges.POS_QUANTITY).orElse(null);
        this.priceRange = ranges.range(io.activationhub.hygiene.ValidityRanges.POS_UNIT_PRICE).orElse(null);
        this.discountRange = ranges.range(io.activationhub.hygiene.ValidityRanges.POS_DISCOUNT).orElse(null);
    }

    private static void checkRange(Row row, String column, io.activationhub.hygiene.Range range, BigDecimal value) {
        if (range != null && !range.contains(value)) {
            row.flag(column, io.activationhub.hygiene.FlagCode.OUT_OF_RANGE.name());
        }
    }

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
        // store and ticket ids compare byte by byte, as in pos_ticket (V68, V70)
        return List.of("store_id text collate \"C\"", "ticket_id text collate \"C\"", "ticket_ts timestamp", "card_number text", "ticket_line int",
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
        checkRange(row, "quantity", quantityRange, quantity);
        v[7] = quantity.toPlainString();
        BigDecimal price = decimal("unit_price", row.required("unit_price"));
        if (price.signum() < 0) {
            throw new RowRejected("unit_price is negative: " + price.toPlainString());
        }
        checkRange(row, "unit_price", priceRange, price);
        v[8] = price.toPlainString();
        String discount = row.get("discount");
        BigDecimal d = discount == null ? BigDecimal.ZERO : decimal("discount", discount);
        if (d.signum() < 0) {
            throw new RowRejected("discount is negative: " + d.toPlainString());
        }
        checkRange(row, "discount", discountRange, d);
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
            if ((separator == 'T' || separator == ' ') && year >= 1 && month >= 1 && month <= 12 && day >= 1
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
        LocalDateTime ts;
        try {
            ts = LocalDateTime.parse(value, TICKET_TS);
        } catch (DateTimeParseException e) {
            throw new RowRejected("ticket_ts is not an ISO-8601 local date-time: '" + value + "'");
        }
        // Java takes year 0 and +300000; PostgreSQL refuses them, and its COPY error would fail the whole file
        if (ts.getYear() < 1 || ts.getYear() > 9999) {
            throw new RowRejected("ticket_ts year out of range 1..9999: '" + value + "'");
        }
        return ts;
    }

    static BigDecimal decimal(String column, String value) throws RowRejected {
        // thousands are grouped with a space, a no-break space (U+00A0) or, as Java and CLDR write French, U+202F
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isSpaceChar(c)) {
                digits.append(c == ',' ? '.' : c);
            }
        }
        String s = digits.toString();
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
     * {@code pos_ticket} (one header per ticket, linked to the holder of its card as it is written) and
     * {@code pos_ticket_item} (one row per line), as {@link #mergeFirstSql()} and {@link #mergeSql()} would store it.
     */
    @Override
    public DirectCopy directCopy() {
        return new DirectCopy("""
                copy pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, card_number, channel, run_id, customer_id)
                from stdin""",
                "copy pos_ticket_item (ticket_key, line_no, sku, category, quantity, unit_price, discount, run_id) from stdin",
                "select nextval('pos_ticket_key_seq') from generate_series(1, ?)",
                "ticket", new int[]{0, 1}, new int[]{2, 3, 10}, new int[]{4, 5, 6, 7, 8, 9}, 3,
                "select source_key, customer_id from customer_identity where source = 'card' and source_key = any(?)",
                "select source_key, customer_id from customer_identity where source = 'card'");
    }

    /**
     * A ticket's lines share its time, card and channel: a staged line that differs from its stored ticket, or from the
     * first line of its ticket in the file, is refused (as the direct copy refuses it).
     */
    @Override
    public String refuseSql() {
        return """
                with first as (
                    select distinct on (store_id, ticket_id) store_id, ticket_id, line_no, ticket_ts, card_number, channel
                    from stage
                    order by store_id, ticket_id, line_no),
                ticket as (
                    select f.store_id, f.ticket_id, f.line_no as first_line, t.ticket_key is not null as stored,
                           case when t.ticket_key is null then f.ticket_ts else t.ticket_ts end as ticket_ts,
                           case when t.ticket_key is null then f.card_number else t.card_number end as card_number,
                           case when t.ticket_key is null then f.channel else t.channel end as channel
                    from first f
                    left join pos_ticket t on t.store_id = f.store_id and t.ticket_id = f.ticket_id),
                refused as (
                    delete from stage s using ticket k
                    where s.store_id = k.store_id and s.ticket_id = k.ticket_id
                      and (s.ticket_ts, s.card_number, s.channel) is distinct from (k.ticket_ts, k.card_number, k.channel)
                    returning s.*, k.first_line, k.stored, k.ticket_ts as k_ts, k.card_number as k_card,
                              k.channel as k_channel)
                select r.line_no,
                       case when r.ticket_ts is distinct from r.k_ts then 'ticket_ts'
                            when r.card_number is distinct from r.k_card then 'card_number'
                            else 'channel' end
                       || ' differs from '
                       || case when r.stored then 'the stored ticket ' || r.store_id || ' ' || r.ticket_id
                               else 'line ' || r.first_line || ', the first line of ticket ' || r.store_id || ' '
                                    || r.ticket_id end
                       || case when r.ticket_ts is distinct from r.k_ts
                                    then ': ''' || %1$s || ''' instead of ''' || %2$s || ''''
                               when r.card_number is distinct from r.k_card then ''
                               else ': ''' || r.channel || ''' instead of ''' || r.k_channel || '''' end,
                       concat_ws(';', r.store_id, r.ticket_id, %1$s, coalesce(r.card_number, ''), r.ticket_line, r.sku,
                                 coalesce(r.category, ''), r.quantity, r.unit_price, r.discount, r.channel)
                from refused r
                order by r.line_no""".formatted(isoText("r.ticket_ts"), isoText("r.k_ts"));
    }

    /** SQL giving a timestamp's text as the staging value has it ({@code LocalDateTime.toString()} for whole seconds). */
    private static String isoText(String column) {
        return "regexp_replace(replace(" + column + "::text, ' ', 'T'), ':00$', '')";
    }

    /** The staged tickets not stored yet, each with the values of its first line in the file. */
    @Override
    public String mergeFirstSql() {
        return """
                insert into pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, card_number, channel, run_id, customer_id)
                select nextval('pos_ticket_key_seq'), f.store_id, f.ticket_id, f.ticket_ts, f.card_number, f.channel, ?,
                       i.customer_id
                from (select distinct on (store_id, ticket_id) store_id, ticket_id, line_no, ticket_ts, card_number, channel
                      from stage
                      order by store_id, ticket_id, line_no) f
                left join customer_identity i on i.source = 'card' and i.source_key = f.card_number
                where not exists (select 1 from pos_ticket t where t.store_id = f.store_id and t.ticket_id = f.ticket_id)
                order by f.line_no
                on conflict (store_id, ticket_id) do nothing""";
    }

    /** The staged lines not stored yet (same ticket and line number), under their ticket. */
    @Override
    public String mergeSql() {
        return """
                with ins as (
                    insert into pos_ticket_item (ticket_key, line_no, sku, category, quantity, unit_price, discount, run_id)
                    select distinct on (t.ticket_key, s.ticket_line)
                           t.ticket_key, s.ticket_line, s.sku, s.category, s.quantity, s.unit_price, s.discount, ?
                    from stage s
                    join pos_ticket t on t.store_id = s.store_id and t.ticket_id = s.ticket_id
                    order by t.ticket_key, s.ticket_line, s.line_no
                    on conflict (ticket_key, line_no) do nothing
                    returning 1)
                select count(*) from ins""";
    }
}
