package io.activationhub.mock;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The query of a mentions request: {@code max_results} (5..100, default 10), {@code since_id} and
 * {@code until_id} (exclusive id bounds) and {@code pagination_token} (opaque: mentions older than a given id).
 *
 * @param sinceId exclusive lower id bound, or null
 * @param untilId exclusive upper id bound (from until_id and the pagination token), or null
 */
record XMentionsQuery(int maxResults, Long sinceId, Long untilId) {

    static final int DEFAULT_MAX_RESULTS = 10;
    static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,19}");

    static XMentionsQuery parse(Query query) {
        String maxText = query.present("max_results");
        int max = maxText == null ? DEFAULT_MAX_RESULTS : parseInt(maxText);
        if (max < 5 || max > 100) {
            throw new Invalid("max_results", maxText, "The `max_results` query parameter value [" + maxText
                    + "] is not between 5 and 100");
        }
        Long sinceId = id(query, "since_id");
        Long untilId = id(query, "until_id");
        String token = query.present("pagination_token");
        if (token != null) {
            Long before = olderThan(token);
            if (before == null) {
                throw new Invalid("pagination_token", token, "The `pagination_token` query parameter value ["
                        + token + "] is not valid");
            }
            untilId = untilId == null ? before : Math.min(untilId, before);
        }
        return new XMentionsQuery(max, sinceId, untilId);
    }

    /** The token of the page after one whose oldest mention has this id. */
    static String nextToken(long oldestId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("next:" + oldestId).getBytes(StandardCharsets.UTF_8));
    }

    private static Long olderThan(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return text.startsWith("next:") ? numericId(text.substring(5)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Long id(Query query, String name) {
        String value = query.present(name);
        if (value == null) {
            return null;
        }
        Long id = numericId(value);
        if (id == null) {
            throw new Invalid(name, value, "The `" + name + "` query parameter value [" + value + "] is not valid");
        }
        return id;
    }

    /** The id as a number, or null when it is not an int64 id. */
    static Long numericId(String value) {
        if (value == null || !NUMERIC_ID.matcher(value).matches()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A parameter X would refuse. */
    static final class Invalid extends RuntimeException {

        private final String parameter;
        private final String value;

        Invalid(String parameter, String value, String message) {
            super(message);
            this.parameter = parameter;
            this.value = value;
        }

        String parameter() {
            return parameter;
        }

        String value() {
            return value;
        }
    }
}
