package io.activationhub.golden;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which source value survives in the golden record, field by field, as configuration (not code): an ordered list of
 * rules per field, the first rule that separates the candidates wins, and the choice is explained.
 * <ul>
 *     <li>{@code trusted}: the source listed first in the trust order wins (e.g. loyalty before web registration);</li>
 *     <li>{@code recent}: the most recently received value wins;</li>
 *     <li>{@code complete}: the longest value wins (a full first name over an initial, a street with its number).</li>
 * </ul>
 * Configured in {@code hub.golden.*}: {@code trust=loyalty,registration,pos} and per field
 * {@code rules.email=recent,trusted}; fields without rules use {@code default-rules}.
 */
public final class Survivorship {

    /** The surviving value and why. */
    public record Choice(SourceValue value, String rule) {
    }

    private final List<String> trust;
    private final Map<String, List<String>> rulesByField;
    private final List<String> defaultRules;

    public Survivorship(List<String> trust, Map<String, List<String>> rulesByField, List<String> defaultRules) {
        this.trust = List.copyOf(trust);
        this.rulesByField = Map.copyOf(rulesByField);
        this.defaultRules = List.copyOf(defaultRules);
        rulesByField.values().forEach(Survivorship::check);
        check(defaultRules);
    }

    public static Survivorship defaults() {
        return new Survivorship(List.of("loyalty", "registration", "pos", "web"),
                Map.of("email", List.of("recent", "trusted"), "mobile", List.of("recent", "trusted"),
                        "first_name", List.of("complete", "trusted", "recent")),
                List.of("trusted", "recent", "complete"));
    }

    private static void check(List<String> rules) {
        for (String r : rules) {
            if (!List.of("trusted", "recent", "complete").contains(r)) {
                throw new IllegalArgumentException("unknown survivorship rule '" + r + "': use trusted, recent or complete");
            }
        }
    }

    public Optional<Choice> choose(String field, List<SourceValue> candidates) {
        List<SourceValue> present = candidates.stream().filter(SourceValue::present).toList();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        if (present.size() == 1) {
            return Optional.of(new Choice(present.get(0), "only value"));
        }
        List<SourceValue> remaining = present;
        for (String rule : rulesByField.getOrDefault(field.toLowerCase(Locale.ROOT), defaultRules)) {
            Comparator<SourceValue> order = comparator(rule);
            SourceValue best = remaining.stream().min(order).orElseThrow();
            List<SourceValue> tied = remaining.stream().filter(v -> order.compare(v, best) == 0).toList();
            if (tied.size() == 1) {
                return Optional.of(new Choice(best, rule));
            }
            remaining = tied;
        }
        return Optional.of(new Choice(remaining.get(0), "first received among equals"));
    }

    private Comparator<SourceValue> comparator(String rule) {
        return switch (rule) {
            case "trusted" -> Comparator.comparingInt(v -> rank(v.source()));
            case "recent" -> Comparator.comparing(SourceValue::receivedAt, Comparator.nullsLast(Comparator.reverseOrder()));
            case "complete" -> Comparator.comparingInt((SourceValue v) -> v.value().strip().replace(".", "").length()).reversed();
            default -> throw new IllegalArgumentException(rule);
        };
    }

    private int rank(String source) {
        int i = trust.indexOf(source);
        return i < 0 ? trust.size() : i;
    }
}
