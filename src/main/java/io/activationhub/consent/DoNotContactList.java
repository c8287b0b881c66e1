package io.activationhub.consent;

import io.activationhub.hygiene.CleanEmail;
import io.activationhub.hygiene.CleanPhone;
import io.activationhub.hygiene.EmailNormalizer;
import io.activationhub.hygiene.PhoneNormalizer;
import io.activationhub.privacy.AuditLog;
import io.activationhub.privacy.Identifiers;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The uploadable do-not-contact list: one email address or phone number per line (optionally {@code value;channel}),
 * normalised like customer data so that {@code Jean.Dupont@GMAIL.com} or {@code 06 71 42 38 95} match what the hub
 * holds, and kept as SHA-256 hashes in {@code suppression} (reason {@code do-not-contact}) so that they outlive the
 * customer records and also block people imported later. Without a channel, an email is suppressed for email and ads,
 * a phone number for sms, phone and ads. Each line is accounted for: accepted, already suppressed, or rejected with
 * its line number and reason (the value itself is never echoed back).
 */
@Component
public class DoNotContactList {

    public static final Set<String> CHANNELS = Set.of("email", "sms", "phone", "ads");
    private static final int MAX_LINE = 1_000;

    /** What an upload did. read = accepted + duplicate + rejected (blank lines and a header are not read). */
    public record UploadReport(int read, int accepted, int duplicate, int rejected, List<String> rejections) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;
    private final EmailNormalizer emails = new EmailNormalizer();
    private final PhoneNormalizer phones = new PhoneNormalizer("FR");

    public DoNotContactList(NamedParameterJdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public UploadReport upload(Reader body, String source, String actor) {
        int read = 0;
        int accepted = 0;
        int duplicate = 0;
        List<String> rejections = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(body)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.strip();
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isEmpty() || text.startsWith("#") || (number == 1 && isHeader(text))) {
                    continue;
                }
                read++;
                String reason = null;
                List<String[]> keys = List.of();
                if (text.length() > MAX_LINE) {
                    reason = "line longer than " + MAX_LINE + " characters";
                } else {
                    String[] cols = text.split("[;,\\t]", -1);
                    String value = unquote(cols[0]);
                    String channel = cols.length > 1 ? unquote(cols[1]).toLowerCase(Locale.ROOT) : "";
                    if (cols.length > 2) {
                        reason = "expected value[;channel], found " + cols.length + " columns";
                    } else if (!channel.isEmpty() && !CHANNELS.contains(channel)) {
                        reason = "unknown channel '" + channel + "' (use one of " + new java.util.TreeSet<>(CHANNELS) + ")";
                    } else {
                        Object key = normalise(value);
                        if (key instanceof String error) {
                            reason = error;
                        } else {
                            keys = keysFor((String[]) key, channel);
                            if (keys.isEmpty()) {
                                reason = "channel '" + channel + "' does not apply to " + ((String[]) key)[0] + "s";
                            }
                        }
                    }
                }
                if (reason != null) {
                    rejections.add("line " + number + ": " + reason);
                    continue;
                }
                int inserted = 0;
                for (String[] k : keys) {
                    inserted += jdbc.update("""
                            insert into suppression (channel, address_hash, reason, source)
                            values (:ch, :h, 'do-not-contact', :src) on conflict do nothing""",
                            new MapSqlParameterSource("ch", k[0]).addValue("h", k[1]).addValue("src", source));
                }
                if (inserted > 0) {
                    accepted++;
                } else {
                    duplicate++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UploadReport report = new UploadReport(read, accepted, duplicate, rejections.size(), List.copyOf(rejections));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", source);
        details.put("read", read);
        details.put("accepted", accepted);
        details.put("duplicate", duplicate);
        details.put("rejected", rejections.size());
        audit.record(actor, "suppression-upload", null, details);
        return report;
    }

    /** Counts per channel and reason, for the console and audits. */
    public List<Map<String, Object>> summary() {
        return jdbc.queryForList("""
                select channel, reason, count(*) as entries, max(created_at) as last_added
                from suppression group by channel, reason order by channel, reason""", Map.of());
    }

    private static boolean isHeader(String text) {
        String first = text.split("[;,\\t]", -1)[0].strip().toLowerCase(Locale.ROOT);
        return first.equals("value") || first.equals("email") || first.equals("phone") || first.equals("contact");
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).replace("\"\"", "\"").strip();
        }
        return t;
    }

    /** {kind, normalised} or an error text. */
    private Object normalise(String value) {
        if (value.isEmpty()) {
            return "empty value";
        }
        if (value.contains("@")) {
            CleanEmail e = emails.normalize(value);
            if (!e.isValid()) {
                return "not a valid email address";
            }
            return new String[]{"email", e.address()};
        }
        CleanPhone p = phones.normalize(value);
        if (!p.isValid()) {
            return "neither an email address nor a valid phone number";
        }
        return new String[]{"phone", p.e164()};
    }

    /** {channel, hash} pairs: the channels an identifier is suppressed on. */
    private static List<String[]> keysFor(String[] key, String channel) {
        Set<String> channels = new LinkedHashSet<>();
        if (key[0].equals("email")) {
            channels.addAll(channel.isEmpty() ? List.of("email", "ads") : List.of(channel));
            channels.retainAll(Set.of("email", "ads"));
        } else {
            channels.addAll(channel.isEmpty() ? List.of("sms", "phone", "ads") : List.of(channel));
            channels.retainAll(Set.of("sms", "phone", "ads"));
        }
        String hash = Identifiers.sha256(key[1]);
        return channels.stream().map(ch -> new String[]{ch, hash}).toList();
    }
}
