package io.activationhub.ingest;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Undelivered postal mail (PND) returned by the mailing house: {@code ID;DATE_RETOUR;CODE_MOTIF;LIBELLE_MOTIF}.
 * {@code ID} is the push id printed on the envelope; {@code DATE_RETOUR} is {@code yyyy-MM-dd} or {@code dd/MM/yyyy};
 * {@code CODE_MOTIF} is one of La Poste's four reasons (1 address faulty or no access, 2 addressee unknown at the
 * address, 3 refused, 4 not claimed); {@code LIBELLE_MOTIF} may be empty (the reason's label is used).
 * An ID that is not a postal push the hub made (or whose customer was erased since) is a rejected row; a push returned
 * twice counts once (duplicate).
 * Reconciliation then flags the customer's address as undeliverable and suppresses it for postal mail.
 */
public class PndReturnFormat implements FeedFormat {

    public static final String FEED_ID = "pnd";

    /** La Poste's reasons for undelivered mail. */
    public static final Map<Integer, String> REASONS = Map.of(
            1, "address faulty or no access",
            2, "addressee unknown at the address",
            3, "refused",
            4, "not claimed");

    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final int MAX_LABEL = 200;

    @Override
    public String feedId() {
        return FEED_ID;
    }

    @Override
    public String kind() {
        return "returns";
    }

    @Override
    public String description() {
        return "Undelivered postal mail (PND) returned by the mailing house";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("id", "date_retour", "code_motif");
    }

    @Override
    public List<String> allColumns() {
        return List.of("id", "date_retour", "code_motif", "libelle_motif");
    }

    @Override
    public List<String> stagingColumns() {
        return List.of("push_id bigint", "returned_on date", "reason_code smallint", "reason_label text");
    }

    @Override
    public void stage(Row row, String[] v) throws RowRejected {
        String id = row.required("id");
        if (!id.matches("\\d{1,18}")) {
            throw new RowRejected("ID is not a push id (digits expected): '" + clip(id) + "'");
        }
        v[0] = Long.toString(Long.parseLong(id));
        LocalDate returned = date(row.required("date_retour"));
        if (returned.isAfter(LocalDate.now().plusDays(1)) || returned.getYear() < 2000) {
            throw new RowRejected("DATE_RETOUR out of range: " + returned);
        }
        v[1] = returned.toString();
        String code = row.required("code_motif");
        Integer reason = code.matches("0?[1-4]") ? Integer.valueOf(code) : null;
        if (reason == null) {
            throw new RowRejected("CODE_MOTIF must be 1, 2, 3 or 4 (La Poste reasons), found '" + clip(code) + "'");
        }
        v[2] = reason.toString();
        String label = row.get("libelle_motif");
        v[3] = label == null ? REASONS.get(reason) : clip(label, MAX_LABEL);
    }

    static LocalDate date(String value) throws RowRejected {
        try {
            return value.contains("/") ? LocalDate.parse(value, FRENCH_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new RowRejected("DATE_RETOUR is not a date (yyyy-MM-dd or dd/MM/yyyy): '" + clip(value) + "'");
        }
    }

    @Override
    public String refuseSql() {
        return """
                with refused as (
                    delete from stage s
                    where not exists (select 1 from push p where p.id = s.push_id and p.channel = 'postal'
                                                                  and p.customer_id is not null)
                    returning s.line_no, s.push_id, s.returned_on, s.reason_code, s.reason_label)
                select r.line_no,
                       case when p.id is null then 'unknown push id ' || r.push_id
                            when p.channel <> 'postal' then 'push ' || r.push_id || ' was sent on channel ' || p.channel || ', not postal'
                            else 'push ' || r.push_id || ' was to a customer since erased' end,
                       r.push_id || ';' || r.returned_on || ';' || r.reason_code || ';' || coalesce(r.reason_label, '')
                from refused r left join push p on p.id = r.push_id
                order by r.line_no""";
    }

    @Override
    public String mergeSql() {
        return """
                with ins as (
                    insert into postal_return (push_id, customer_id, returned_on, reason_code, reason_label, run_id, line_no)
                    select distinct on (s.push_id) s.push_id, p.customer_id, s.returned_on, s.reason_code, s.reason_label,
                           ?, s.line_no
                    from stage s join push p on p.id = s.push_id
                    order by s.push_id, s.line_no
                    on conflict (push_id) do nothing
                    returning 1)
                select count(*) from ins""";
    }

    private static String clip(String s) {
        return clip(s, 40);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
