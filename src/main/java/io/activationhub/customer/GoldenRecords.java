package io.activationhub.customer;

import io.activationhub.golden.SourceValue;
import io.activationhub.golden.Survivorship;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A customer's golden record derived from all their source records by {@link Survivorship} (configured in
 * {@code hub.golden.*}), field by field; the address (lines, postcode, city, country) survives as one value, so that a
 * golden address is never a mix of two. The earliest enrolment wins. An address flagged undeliverable (PND) loses its
 * flag when the derived address differs from the flagged one.
 */
@Component
public class GoldenRecords {

    /** The derived record and, per field, the source and rule that made it survive. */
    public record Golden(CleanMember member, Map<String, String> why) {
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
        Map<String, SourceRecord> chosen = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        for (Map.Entry<String, Function<CleanMember, String>> field : FIELDS.entrySet()) {
            List<SourceValue> values = new ArrayList<>(records.size());
            Map<SourceValue, SourceRecord> origin = new java.util.IdentityHashMap<>();
            for (SourceRecord r : records) {
                SourceValue v = new SourceValue(field.getKey(), field.getValue().apply(r.member()), r.source(),
                        r.receivedAt());
                values.add(v);
                origin.put(v, r);
            }
            survivorship.choose(field.getKey(), values).ifPresent(choice -> {
                chosen.put(field.getKey(), origin.get(choice.value()));
                why.put(field.getKey(), choice.value().source() + " by " + choice.rule());
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
        return new Golden(golden, why);
    }

    private static CleanMember pick(Map<String, SourceRecord> chosen, String field) {
        SourceRecord r = chosen.get(field);
        return r == null ? null : r.member();
    }

    private static String value(Map<String, SourceRecord> chosen, String field, Function<CleanMember, String> getter) {
        CleanMember m = pick(chosen, field);
        return m == null || getter == null ? null : getter.apply(m);
    }

    /** Writes the golden record derived from the records into the customer row. */
    public Golden apply(long customerId, List<SourceRecord> records) {
        Golden g = derive(records);
        CleanMember m = g.member();
        Map<String, Object> after = jdbc.queryForMap("""
                update customer set civility = :civility, first_name = :first, last_name = :last, email = :email,
                       mobile = :mobile, phone = :phone, birth_date = :birth, address_line2 = :l2, address_line3 = :l3,
                       address_line4 = :l4, address_line5 = :l5, postcode = :postcode, city = :city,
                       country = :country, home_store_id = :store, enrolled_at = :enrolled, updated_at = now()
                where id = :id
                returning address_line2, address_line3, address_line4, address_line5, postcode, city, country,
                          postal_undeliverable_hash""", params(m).addValue("id", customerId));
        String flagged = (String) after.get("postal_undeliverable_hash");
        if (flagged != null && !flagged.equals(PostalAddressKey.of((String) after.get("address_line2"),
                (String) after.get("address_line3"), (String) after.get("address_line4"),
                (String) after.get("address_line5"), (String) after.get("postcode"), (String) after.get("city"),
                (String) after.get("country")))) {
            jdbc.update("""
                    update customer set postal_undeliverable_at = null, postal_undeliverable_reason = null,
                           postal_undeliverable_hash = null
                    where id = :id""", Map.of("id", customerId));
        }
        return g;
    }

    static MapSqlParameterSource params(CleanMember m) {
        return new MapSqlParameterSource()
                .addValue("civility", m.civility()).addValue("first", m.firstName()).addValue("last", m.lastName())
                .addValue("email", m.email()).addValue("mobile", m.mobile()).addValue("phone", m.phone())
                .addValue("birth", m.birthDate())
                .addValue("l2", m.addressLine2()).addValue("l3", m.addressLine3()).addValue("l4", m.addressLine4())
                .addValue("l5", m.addressLine5()).addValue("postcode", m.postcode()).addValue("city", m.city())
                .addValue("country", m.country()).addValue("store", m.storeId())
                .addValue("enrolled", m.enrolledAt() == null ? null : Timestamp.from(m.enrolledAt().toInstant()));
    }
}
