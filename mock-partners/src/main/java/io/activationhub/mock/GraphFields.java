package io.activationhub.mock;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Graph {@code fields} parameter, e.g. {@code id,text,from{id,username}}; absent means every field.
 */
final class GraphFields {

    private static final GraphFields ALL = new GraphFields(null);

    /** Requested field to its requested sub-fields (empty for all of them). */
    private final Map<String, Set<String>> requested;

    private GraphFields(Map<String, Set<String>> requested) {
        this.requested = requested;
    }

    static GraphFields parse(String fields) {
        if (fields == null || fields.isBlank()) {
            return ALL;
        }
        Map<String, Set<String>> requested = new HashMap<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : (fields + ",").toCharArray()) {
            if (c == ',' && depth == 0) {
                add(requested, current.toString().trim());
                current.setLength(0);
                continue;
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            current.append(c);
        }
        return new GraphFields(requested);
    }

    private static void add(Map<String, Set<String>> requested, String field) {
        if (field.isEmpty()) {
            return;
        }
        int brace = field.indexOf('{');
        if (brace < 0) {
            requested.put(field, Set.of());
            return;
        }
        String inner = field.substring(brace + 1, field.endsWith("}") ? field.length() - 1 : field.length());
        Set<String> subFields = Set.of(inner.replace(" ", "").split(","));
        requested.put(field.substring(0, brace).trim(), subFields);
    }

    boolean wants(String field) {
        return requested == null || requested.containsKey(field);
    }

    boolean wantsWithin(String field, String subField) {
        if (requested == null) {
            return true;
        }
        Set<String> sub = requested.get(field);
        return sub != null && (sub.isEmpty() || sub.contains(subField));
    }
}
