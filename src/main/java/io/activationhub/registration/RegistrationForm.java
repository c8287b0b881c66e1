package io.activationhub.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The boundary check of a web registration or form: a JSON object of the loyalty member fields (all optional, text)
 * plus {@code cookie_id}, each at most {@value #MAX_FIELD} characters, with at least one way to recognise the person:
 * an email, a mobile or a card number. Values are kept as submitted (cleaning happens at reconciliation), so a
 * submission can always be replayed. Refusals are {@link IllegalArgumentException}s whose message says what to fix
 * and never repeats the submitted values.
 */
public final class RegistrationForm {

    public static final List<String> FIELDS = List.of("card_number", "civility", "first_name", "last_name", "contact",
            "birth_date", "email", "phone", "mobile", "address_line1", "address_line2", "address_line3", "address_line4",
            "postcode", "city", "country", "optin_email", "optin_sms", "optin_postal", "cookie_id");
    public static final int MAX_BYTES = 16 * 1024;
    static final int MAX_FIELD = 256;
    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9._%+'-]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^[+0-9 ().-]{6,30}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistrationForm() {
    }

    /** Checks a submitted body; returns its fields (only those present and non-blank, trimmed), in {@link #FIELDS} order. */
    public static Map<String, String> check(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("empty body: send a JSON object with the registration fields");
        }
        if (body.length() > MAX_BYTES) {
            throw new IllegalArgumentException("body longer than " + MAX_BYTES + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "'; allowed: " + FIELDS);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : FIELDS) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
                throw new IllegalArgumentException(name + " must be a string");
            }
            String s = v.asText().trim();
            if (s.length() > MAX_FIELD) {
                throw new IllegalArgumentException(name + " longer than " + MAX_FIELD + " characters");
            }
            if (!s.isEmpty()) {
                fields.put(name, s);
            }
        }
        String email = fields.get("email");
        if (email != null && !EMAIL.matcher(email.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("email is not a valid address");
        }
        for (String phone : new String[]{"mobile", "phone"}) {
            if (fields.containsKey(phone) && !PHONE.matcher(fields.get(phone)).matches()) {
                throw new IllegalArgumentException(phone + " is not a phone number");
            }
        }
        if (!fields.containsKey("email") && !fields.containsKey("mobile") && !fields.containsKey("card_number")) {
            throw new IllegalArgumentException("at least one of email, mobile or card_number is needed");
        }
        return fields;
    }
}
