package io.activationhub.mock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A decoded query string, in order, first value of each name. */
final class Query {

    /** Names whose values are credentials: never recorded. */
    private static final Set<String> SECRETS = Set.of("access_token", "client_secret", "appsecret_proof", "api_key",
            "apikey", "key", "token", "hub.verify_token");

    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static Query parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(name, value);
            }
        }
        return new Query(values);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    String get(String name) {
        return values.get(name);
    }

    /** The value, or null when absent or empty. */
    String present(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    Map<String, String> asMap() {
        return values;
    }

    /** The query as it may be recorded: credential parameters are dropped. */
    String withoutSecrets() {
        return values.entrySet().stream()
                .filter(e -> !SECRETS.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }
}
