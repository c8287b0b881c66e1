package io.activationhub.customer;

import io.activationhub.golden.SourceValue;
import io.activationhub.golden.Survivorship;
import io.activationhub.identity.CandidateMatcher;
import io.activationhub.identity.PersonRecord;
import io.activationhub.identity.Places;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A customer's golden record derived from all their source records by {@link Survivorship} (configured in
 * {@code hub.golden.*}), field by field; the address (lines, postcode, city, country) survives as one value, so that a
 * golden address is never a mix of two. The earliest enrolment wins. An address flagged undeliverable (PND) loses its
 * flag when the derived address differs from the flagged one. When the address survives because the person moved
 * (rule {@code recent-place}), the customer's {@code moved_at} says since when they live there.
 */
@Component
public class GoldenRecords {

    /**
     * The derived record and, per field, the source and rule that made it survive.
     *
     * @param movedIn   when the address survived because the person moved ({@code recent-place}): when the place they
     *                  live at now was first given; null otherwise
     * @param addressAt when the record whose address survived was received; null without an address
     */
    public record Golden(CleanMember member, Map<String, String> why, Instant movedIn,
                         Instant addressAt) {

        public Golden(CleanMember member, Map<String, String> why) {
            this(member, why, null, null);
        }
    }

    private static final Map<String, Function<CleanMember, String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("civility", CleanMember::civility);
        FIELDS.put("first_name", CleanMember::firstName);
        FIELDS.put("last_name", CleanMember::lastName);
        FIELDS.put("email", CleanMember::email);
        FIELDS.put("mobile", CleanMember::mobile);
        FIELDS.put("phone", CleanMember::phone);
        FIELDS.put("birth_date", m -> m.birthDate() == null ? null : m.birthDate().toString());
        FIELDS.put("address", GoldenRecords::address);
        FIELDS.put("home_store_id", CleanMember::storeId);
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Survivorship survivorship;

    public GoldenRecords(NamedParameterJdbcTemplate jdbc, GoldenSettings settings) {
        this.jdbc = jdbc;
        this.survivorship = settings.survivorship();
    }

    private static String address(CleanMember m) {
        List<String> parts = new ArrayList<>();
        for (String s : new String[]{m.addressLine2(), m.addressLine3(), m.addressLine4(), m.addressLine5(),
                m.postcode(), m.city()}) {
            if (s != null && !s.isBlank()) {
                parts.add(s);
            }
        }
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    public Golden derive(List<SourceRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a golden record needs at least one source record");
        }
        records = namesOneWay(records);
        Map<String, SourceRecord> chosen = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        Instant[] movedIn = new Instant[1];
        for (Map.Entry<String, Function<CleanMember, String>> field : FIELDS.entrySet()) {
            List<SourceValue> values = new ArrayList<>(records.size());
            Map<SourceValue, SourceRecord> origin = new java.util.IdentityHashMap<>();
            for (SourceRecord r : records) {
                SourceValue v = new SourceValue(field.getKey(), field.getValue().apply(r.member()), r.source(),
                        r.receivedAt());
                values.add(v);
                origin.put(v, r);
            }
            survivorship.choose(field.getKey(), values,
                    Survivorship.PLACES.contains(field.getKey()) ? samePlace(origin) : null).ifPresent(choice -> {
                chosen.put(field.getKey(), origin.get(choice.value()));
                why.put(field.getKey(), choice.value().source() + " by " + choice.rule());
                if (choice.movedIn() != null) {
                    movedIn[0] = choice.movedIn();
                }
            });
        }
        CleanMember address = pick(chosen, "address");
        OffsetDateTime enrolled = records.stream().map(r -> r.member().enrolledAt()).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        CleanMember golden = new CleanMember(
                value(chosen, "card_number", null), value(chosen, "home_store_id", CleanMember::storeId), enrolled,
                value(chosen, "civility", CleanMember::civility), value(chosen, "first_name", CleanMember::firstName),
                value(chosen, "last_name", CleanMember::lastName),
                chosen.containsKey("birth_date") ? LocalDate.parse(FIELDS.get("birth_date").apply(pick(chosen, "birth_date"))) : null,
                value(chosen, "email", CleanMember::email), value(chosen, "mobile", CleanMember::mobile),
                value(chosen, "phone", CleanMember::phone),
                address == null ? null : address.addressLine2(), address == null ? null : address.addressLine3(),
                address == null ? null : address.addressLine4(), address == null ? null : address.addressLine5(),
                address == null ? null : address.postcode(), address == null ? null : address.city(),
                address == null ? null : address.country(), null, null, null);
        return new Golden(golden, why, movedIn[0], chosen.containsKey("address") ? chosen.get("address").receivedAt() : null);
    }

    /**
     * The records with first and last name read one way: a record whose names are the other way round from the first
     * record received that gives both ("Sogousoul Olivier" joined "Olivier Sogousoul" by matching) takes part in
     * survivorship with its names turned back. First and last name survive field by field, so without this the golden
     * record could take its first name from one record and its last name from the other: the same name twice, or the
     * two swapped. The customer keeps the order they were first known by.
     */
    static List<SourceRecord> namesOneWay(List<SourceRecord> records) {
        if (records.size() < 2) {
            return records;
        }
        SourceRecord reference = null;
        for (SourceRecord r : records) {
            if (r.member().firstName() != null && r.member().lastName() != null
                    && (reference == null || r.receivedAt().isBefore(reference.receivedAt()))) {
                reference = r;
            }
        }
        if (reference == null) {
            return records;
        }
        String first = reference.member().firstName();
        String last = reference.member().lastName();
        List<SourceRecord> out = null;
        for (int i = 0; i < records.size(); i++) {
            SourceRecord r = records.get(i);
            CleanMember m = r.member();
            if (r != reference && CandidateMatcher.namesSwapped(m.firstName(), m.lastName(), first, last)) {
                if (out == null) {
                    out = new ArrayList<>(records);
                }
                CleanMember turned = new CleanMember(m.cardNumber(), m.storeId(), m.enrolledAt(), m.civility(),
                        m.lastName(), m.firstName(), m.birthDate(), m.email(), m.mobile(), m.phone(), m.addressLine2(),
                        m.addressLine3(), m.addressLine4(), m.addressLine5(), m.postcode(), m.city(), m.country(),
                        m.optinEmail(), m.optinSms(), m.optinPostal(), m.optinAds());
                out.set(i, new SourceRecord(r.source(), r.sourceKey(), r.receivedAt(), turned, r.consentSource(), r.proof()));
            }
        }
        return out == null ? records : out;
    }

    /**
     * Whether the stored address was replaced by one at another place: both known (a street or a postcode), and no
     * record of the customer still at the old place ({@link Places}). The new address is one of the records', so a
     * new address at the old place is among them; a record still at the old place means the address changed because
     * survivorship chose among records the customer still has, which {@code recent-place} tells. An address given
     * where there was none is not a move.
     */
    private static boolean movedFrom(String oldStreet, String oldPostcode, String oldCity, String street,
                                     String postcode, List<SourceRecord> records) {
        if ((oldStreet == null && oldPostcode == null) || (street == null && postcode == null)) {
            return false;
        }
        PersonRecord before = SourceRecord.person("", addressOnly(oldStreet, oldPostcode, oldCity));
        return records.stream().map(SourceRecord::member)
                .filter(m -> m.addressLine4() != null || m.postcode() != null)
                .noneMatch(m -> Places.samePlace(before, SourceRecord.person("", m)));
    }

    private static CleanMember addressOnly(String street, String postcode, String city) {
        return new CleanMember(null, null, null, null, null, null, null, null, null, null, null, null, street, null,
                postcode, city, null, null, null, null);
    }

    /** Whether two address values are one place ({@link Places}), from the records they come from. */
    private static BiPredicate<SourceValue, SourceValue> samePlace(
            Map<SourceValue, SourceRecord> origin) {
        Map<SourceValue, PersonRecord> people = new java.util.IdentityHashMap<>();
        Function<SourceValue, PersonRecord> person =
                v -> people.computeIfAbsent(v, x -> SourceRecord.person("", origin.get(x).member()));
        return (a, b) -> Places.samePlace(person.apply(a), person.apply(b));
    }

    private static CleanMember pick(Map<String, SourceRecord> chosen, String field) {
        SourceRecord r = chosen.get(field);
        return r == null ? null : r.member();
    }

    private static String value(Map<String, SourceRecord> chosen, String field, Function<CleanMember, String> getter) {
        CleanMember m = pick(chosen, field);
        return m == null || getter == null ? null : getter.apply(m);
    }

    /**
     * A golden record as the customer row holds it and {@link IdentityLinks#golden} reads it back: the columns of
     * {@link #customerColumns}, without card or opt-ins.
     */
    static CleanMember asStored(CleanMember m) {
        return new CleanMember(null, m.storeId(), m.enrolledAt(), m.civility(), m.firstName(), m.lastName(),
                m.birthDate(), m.email(), m.mobile(), m.phone(), m.addressLine2(), m.addressLine3(), m.addressLine4(),
                m.addressLine5(), m.postcode(), m.city(), m.country(), null, null, null);
    }

    /**
     * A member as the text of the customer columns it fills, in this order: civility, first and last name, email,
     * mobile, phone, birth date, address lines 2 to 5, postcode, city, country, home store, enrolment.
     */
    static String[] customerColumns(CleanMember m) {
        return new String[]{m.civility(), m.firstName(), m.lastName(), m.email(), m.mobile(), m.phone(),
                m.birthDate() == null ? null : m.birthDate().toString(), m.addressLine2(), m.addressLine3(),
                m.addressLine4(), m.addressLine5(), m.postcode(), m.city(), m.country(), m.storeId(),
                m.enrolledAt() == null ? null : m.enrolledAt().toString()};
    }

    /**
     * Writes the golden record derived from the records into the customer row, after a correction (an unmerge): no
     * record arrived, so a change of address is not a move, and {@code moved_at} is what the records alone say
     * ({@code recent-place}).
     */
    public Golden apply(long customerId, List<SourceRecord> records) {
        Map<Long, List<SourceRecord>> one = new LinkedHashMap<>();
        one.put(customerId, records);
        return applyAll(one, false).get(customerId);
    }

    /**
     * {@link #apply} for many customers, in one update, after records arrived: each customer's golden record derived
     * from their source records. An address flagged undeliverable (PND) loses its flag when the derived address
     * differs from the flagged one. A customer moved when their records give two places ({@code recent-place}), or
     * when their address is now at another place than the one stored (a member's record sent again with a new
     * address replaces the old record): {@code moved_at} is then when the new address was received. Otherwise a move
     * known before stays known.
     */
    public Map<Long, Golden> applyAll(Map<Long, List<SourceRecord>> recordsByCustomer) {
        return applyAll(recordsByCustomer, true);
    }

    private Map<Long, Golden> applyAll(Map<Long, List<SourceRecord>> recordsByCustomer, boolean arrived) {
        Map<Long, Golden> out = new LinkedHashMap<>();
        if (recordsByCustomer.isEmpty()) {
            return out;
        }
        int n = recordsByCustomer.size();
        Long[] ids = new Long[n];
        String[][] columns = new String[16][n];
        String[] moved = new String[n];
        int i = 0;
        for (Map.Entry<Long, List<SourceRecord>> e : recordsByCustomer.entrySet()) {
            Golden g = derive(e.getValue());
            out.put(e.getKey(), g);
            CleanMember m = g.member();
            ids[i] = e.getKey();
            String[] row = customerColumns(m);
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
            moved[i] = g.movedIn() == null ? null : g.movedIn().toString();
            i++;
        }
        String[] names = {"civility", "first", "last", "email", "mobile", "phone", "birth", "l2", "l3", "l4", "l5",
                "postcode", "city", "country", "store", "enrolled"};
        MapSqlParameterSource p = new MapSqlParameterSource("id", ids).addValue("moved", moved)
                .addValue("arrived", arrived);
        for (int c = 0; c < names.length; c++) {
            p.addValue(names[c], columns[c]);
        }
        List<Long> unflag = new ArrayList<>();
        List<Long> movers = new ArrayList<>();
        List<String> movedAt = new ArrayList<>();
        // the customer as stored before (old: the row this statement reads, not the one it writes), to tell a move
        jdbc.query("""
                with updated as (
                    update customer c set civility = x.civility, first_name = x.first, last_name = x.last,
                           email = x.email, mobile = x.mobile, phone = x.phone, birth_date = x.birth,
                           address_line2 = x.l2, address_line3 = x.l3, address_line4 = x.l4, address_line5 = x.l5,
                           postcode = x.postcode, city = x.city, country = x.country, home_store_id = x.store,
                           enrolled_at = x.enrolled,
                           moved_at = case when :arrived then coalesce(x.moved, old.moved_at) else x.moved end,
                           updated_at = now()
                    from unnest(cast(:id as bigint[]), cast(:civility as text[]), cast(:first as text[]),
                                cast(:last as text[]), cast(:email as text[]), cast(:mobile as text[]),
                                cast(:phone as text[]), cast(:birth as date[]), cast(:l2 as text[]),
                                cast(:l3 as text[]), cast(:l4 as text[]), cast(:l5 as text[]),
                                cast(:postcode as text[]), cast(:city as text[]), cast(:country as text[]),
                                cast(:store as text[]), cast(:enrolled as timestamptz[]),
                                cast(:moved as timestamptz[]))
                         as x(id, civility, first, last, email, mobile, phone, birth, l2, l3, l4, l5, postcode,
                              city, country, store, enrolled, moved)
                    join customer old on old.id = x.id
                    where c.id = x.id
                    returning c.id, c.address_line2, c.address_line3, c.address_line4, c.address_line5, c.postcode,
                              c.city, c.country, c.postal_undeliverable_hash, x.moved is null as no_move_derived,
                              (old.address_line4, old.postcode, old.city)
                                  is distinct from (c.address_line4, c.postcode, c.city) as address_changed,
                              old.address_line4 as old_l4, old.postcode as old_postcode, old.city as old_city)
                select * from updated
                where postal_undeliverable_hash is not null or (:arrived and no_move_derived and address_changed)""",
                p, rs -> {
            long id = rs.getLong("id");
            String flagged = rs.getString("postal_undeliverable_hash");
            if (flagged != null && !flagged.equals(PostalAddressKey.of(rs.getString("address_line2"),
                    rs.getString("address_line3"), rs.getString("address_line4"), rs.getString("address_line5"),
                    rs.getString("postcode"), rs.getString("city"), rs.getString("country")))) {
                unflag.add(id);
            }
            if (arrived && rs.getBoolean("no_move_derived") && rs.getBoolean("address_changed")
                    && movedFrom(rs.getString("old_l4"), rs.getString("old_postcode"), rs.getString("old_city"),
                    rs.getString("address_line4"), rs.getString("postcode"), recordsByCustomer.get(id))) {
                Instant at = out.get(id).addressAt();
                movers.add(id);
                movedAt.add((at == null ? Instant.now() : at).toString());
            }
        });
        if (!movers.isEmpty()) {
            jdbc.update("""
                    update customer c set moved_at = x.at
                    from unnest(cast(:ids as bigint[]), cast(:at as timestamptz[])) as x(id, at) where c.id = x.id""",
                    new MapSqlParameterSource("ids", movers.toArray(Long[]::new))
                            .addValue("at", movedAt.toArray(String[]::new)));
        }
        if (!unflag.isEmpty()) {
            jdbc.update("""
                    update customer set postal_undeliverable_at = null, postal_undeliverable_reason = null,
                           postal_undeliverable_hash = null
                    where id = any(cast(:ids as bigint[]))""",
                    new MapSqlParameterSource("ids", unflag.toArray(Long[]::new)));
        }
        return out;
    }
}
