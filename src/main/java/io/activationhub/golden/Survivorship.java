package io.activationhub.golden;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Which source value survives in the golden record, field by field, as configuration (not code): an ordered list of
 * rules per field, the first rule that separates the candidates wins, and the choice is explained.
 * <ul>
 *     <li>{@code trusted}: the source listed first in the trust order wins (e.g. loyalty before web registration);</li>
 *     <li>{@code recent}: the most recently received value wins;</li>
 *     <li>{@code complete}: the longest value wins (a full first name over an initial, a street with its number);</li>
 *     <li>{@code recent-place}: for a field whose values are places (the address), the values at the place given most
 *     recently win: the person moved. Values at one place, written more or less completely, are not separated by it
 *     and go on to the next rules, so that {@code RUE DESFEUX} received later does not replace {@code 4 AV DESFEUX}
 *     under {@code recent-place,complete}. The choice then says since when the person lives there.</li>
 * </ul>
 * Configured in {@code hub.golden.*}: {@code trust=loyalty,registration,pos} and per field
 * {@code rules.email=recent,trusted}; fields without rules use {@code default-rules}.
 */
public final class Survivorship {

    /**
     * The surviving value and why.
     *
     * @param movedIn when {@code recent-place} set older places aside (the person moved): when the surviving place was
     *                first given; null otherwise
     */
    public record Choice(SourceValue value, String rule, Instant movedIn) {

        public Choice(SourceValue value, String rule) {
            this(value, rule, null);
        }
    }

    /** The rules a field may list. */
    public static final List<String> RULES = List.of("trusted", "recent", "complete", "recent-place");

    private final List<String> trust;
    private final Map<String, List<String>> rulesByField;
    private final List<String> defaultRules;

    public Survivorship(List<String> trust, Map<String, List<String>> rulesByField, List<String> defaultRules) {
        this.trust = List.copyOf(trust);
        this.rulesByField = Map.copyOf(rulesByField);
        this.defaultRules = List.copyOf(defaultRules);
        rulesByField.values().forEach(Survivorship::check);
        check(defaultRules);
        rulesByField.forEach((field, rules) -> {
            if (rules.contains("recent-place") && !PLACES.contains(field.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("survivorship rule 'recent-place' applies to the address, not to "
                        + field);
            }
        });
        if (defaultRules.contains("recent-place")) {
            throw new IllegalArgumentException("survivorship rule 'recent-place' applies to the address only: list it"
                    + " in the address's rules, not in the default rules");
        }
    }

    /** The fields whose values are places ({@code recent-place}). */
    public static final Set<String> PLACES = Set.of("address");

    public static Survivorship defaults() {
        return new Survivorship(List.of("loyalty", "registration", "pos", "web"),
                Map.of("email", List.of("recent", "trusted"), "mobile", List.of("recent", "trusted"),
                        "first_name", List.of("complete", "trusted", "recent"),
                        "address", List.of("recent-place", "complete", "recent", "trusted")),
                List.of("trusted", "recent", "complete"));
    }

    private static void check(List<String> rules) {
        for (String r : rules) {
            if (!RULES.contains(r)) {
                throw new IllegalArgumentException("unknown survivorship rule '" + r
                        + "': use trusted, recent, complete or recent-place");
            }
        }
    }

    /** The rules of a field, in order. */
    public List<String> rules(String field) {
        return rulesByField.getOrDefault(field.toLowerCase(Locale.ROOT), defaultRules);
    }

    public Optional<Choice> choose(String field, List<SourceValue> candidates) {
        return choose(field, candidates, null);
    }

    /**
     * @param samePlace for a field whose values are places, whether two values are one place; null for other fields,
     *                  which cannot use {@code recent-place}
     */
    public Optional<Choice> choose(String field, List<SourceValue> candidates,
                                   BiPredicate<SourceValue, SourceValue> samePlace) {
        List<SourceValue> present = candidates.stream().filter(SourceValue::present).toList();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        if (present.size() == 1) {
            return Optional.of(new Choice(present.get(0), "only value"));
        }
        List<SourceValue> remaining = present;
        Instant movedIn = null;
        for (String rule : rules(field)) {
            if (rule.equals("recent-place")) {
                if (samePlace == null) {
                    throw new IllegalArgumentException("survivorship rule 'recent-place' applies to addresses, not to "
                            + field);
                }
                List<SourceValue> here = latestPlace(remaining, samePlace);
                if (here.size() < remaining.size()) {
                    movedIn = here.stream().map(SourceValue::receivedAt).filter(Objects::nonNull)
                            .min(Comparator.naturalOrder()).orElse(null);
                    remaining = here;
                    if (here.size() == 1) {
                        return Optional.of(new Choice(here.get(0), rule, movedIn));
                    }
                }
                continue;
            }
            Comparator<SourceValue> order = comparator(rule);
            SourceValue best = remaining.stream().min(order).orElseThrow();
            List<SourceValue> tied = remaining.stream().filter(v -> order.compare(v, best) == 0).toList();
            if (tied.size() == 1) {
                return Optional.of(new Choice(best, movedIn == null ? rule : "recent-place, then " + rule, movedIn));
            }
            remaining = tied;
        }
        String equals = "first received among equals";
        return Optional.of(new Choice(remaining.get(0), movedIn == null ? equals : "recent-place, then " + equals,
                movedIn));
    }

    /**
     * The values at the place given last: those at the place of a most recent value (one received last; a value
     * without a date is older than any dated one).
     */
    private static List<SourceValue> latestPlace(List<SourceValue> values,
                                                 BiPredicate<SourceValue, SourceValue> samePlace) {
        Comparator<SourceValue> recent = comparator("recent", null);
        SourceValue newest = values.stream().min(recent).orElseThrow();
        List<SourceValue> latest = values.stream().filter(v -> recent.compare(v, newest) == 0).toList();
        return values.stream().filter(v -> latest.stream().anyMatch(l -> l == v || samePlace.test(l, v))).toList();
    }

    private Comparator<SourceValue> comparator(String rule) {
        return comparator(rule, this);
    }

    private static Comparator<SourceValue> comparator(String rule, Survivorship trust) {
        return switch (rule) {
            case "trusted" -> Comparator.comparingInt(v -> trust.rank(v.source()));
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
