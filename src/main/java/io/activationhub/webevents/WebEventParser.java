package io.activationhub.webevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.ingest.MessageRejected;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one web or app event from its JSON:
 * {@code {"event_id","type","ts","cookie_id","customer_key"?,"email"?,"sku"?,"category"?,"price"?}}.
 * {@code ts} is an ISO-8601 instant ({@code 2026-11-20T09:15:00Z}, {@code ...+01:00}) or a local time in Europe/Paris
 * ({@code 2026-11-20T10:15:00}). Anything that can never be stored is a {@link MessageRejected} with a reason that
 * does not repeat personal data.
 */
public final class WebEventParser {

    public static final Set<String> TYPES = Set.of("page_view", "product_view", "add_to_cart", "purchase",
            "newsletter_open", "newsletter_click", "unsubscribe");
    static final Set<String> FIELDS = Set.of("event_id", "type", "ts", "cookie_id", "customer_key", "email", "sku",
            "category", "price");
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_FIELD = 256;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9._%+'-]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebEventParser() {
    }

    public static WebEvent parse(String json, Instant now) {
        if (json == null || json.isBlank()) {
            throw new MessageRejected("empty message");
        }
        if (json.length() > MAX_BYTES) {
            throw new MessageRejected("message longer than " + MAX_BYTES + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MessageRejected("invalid JSON at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr());
        }
        if (node == null || !node.isObject()) {
            throw new MessageRejected("not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new MessageRejected("unknown field '" + clip(name) + "'; expected " + FIELDS.stream().sorted().toList());
            }
        }
        String eventId = text(node, "event_id");
        if (eventId == null) {
            throw new MessageRejected("event_id is missing");
        }
        String type = text(node, "type");
        if (type == null) {
            throw new MessageRejected("type is missing");
        }
        if (!TYPES.contains(type)) {
            throw new MessageRejected("unknown type '" + clip(type) + "'; expected one of " + TYPES.stream().sorted().toList());
        }
        String ts = text(node, "ts");
        if (ts == null) {
            throw new MessageRejected("ts is missing");
        }
        Instant occurredAt = timestamp(ts);
        if (occurredAt.isBefore(EARLIEST) || occurredAt.isAfter(now.plus(1, ChronoUnit.DAYS))) {
            throw new MessageRejected("ts out of range: " + ts);
        }
        String email = text(node, "email");
        if (email != null) {
            email = email.toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches()) {
                throw new MessageRejected("email is not a valid address");
            }
        }
        String cookie = text(node, "cookie_id");
        String card = text(node, "customer_key");
        if (cookie == null && card == null && email == null) {
            throw new MessageRejected("no identity: cookie_id, customer_key or email is needed");
        }
        return new WebEvent(eventId, type, occurredAt, cookie, card, email, text(node, "sku"), text(node, "category"),
                price(node.get("price")));
    }

    static Instant timestamp(String ts) {
        try {
            return OffsetDateTime.parse(ts).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(ts).atZone(PARIS).toInstant();
            } catch (DateTimeParseException e) {
                throw new MessageRejected("ts is not an ISO-8601 instant or local date-time: '" + clip(ts) + "'");
            }
        }
    }

    private static BigDecimal price(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        BigDecimal price;
        if (value.isNumber()) {
            price = value.decimalValue();
        } else if (value.isTextual() && !value.asText().isBlank()) {
            try {
                price = new BigDecimal(value.asText().trim().replace(',', '.'));
            } catch (NumberFormatException e) {
                throw new MessageRejected("price is not a number: '" + clip(value.asText()) + "'");
            }
        } else if (value.isTextual()) {
            return null;
        } else {
            throw new MessageRejected("price is not a number");
        }
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) >= 0) {
            throw new MessageRejected("price out of range: " + price.toPlainString());
        }
        return price;
    }

    /** A trimmed string field, {@code null} when absent, null or blank. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw new MessageRejected(field + " must be a string");
        }
        String s = v.asText().trim();
        if (s.length() > MAX_FIELD) {
            throw new MessageRejected(field + " longer than " + MAX_FIELD + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
