package io.activationhub.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One incoming record against a few candidate people read from the store, for incremental reconciliation: the store
 * keeps each person's blocking keys ({@link #blockingKeys}), the caller loads the people sharing a key with the
 * incoming record, and {@link #decide} says whether the record is one of them (Fellegi–Sunter posterior at or above the
 * threshold and no clear evidence of two people), lives with one of them (same street, number and postcode: a
 * household), or is someone new. Nothing is held between calls: memory is bounded by the candidates of one record.
 * <p>
 * The blocking keys are those of {@link IdentityIndex} without the nationwide surname-and-initial pass, which gathers
 * thousands of people per key in a national base, and with the first initial added to the postcode-and-surname key:
 * postcode with phonetic surname and first initial, birth date with initial, street with number and postcode,
 * phonetic first name with street and postcode, national id. Changing these rules means computing the stored keys
 * again (migration V67 did, with {@code IdentityLinks.rebuildAllKeys}).
 */
public final class CandidateMatcher {

    /** Why an incoming record is (or is not) a candidate person. */
    public record Match(String candidateId, double weight, double posterior, Map<String, String> fields) {
    }

    /**
     * @param person    the candidate the record is, when one is
     * @param household a candidate the record shares a home with (other person), when no person matched
     * @param best      the best-scoring candidate, matched or not (to explain a non-match)
     */
    public record Decision(Optional<Match> person, Optional<String> household, Optional<Match> best) {
    }

    /**
     * How much more (in bits of weight) the customer a record is matched to must score than another customer above
     * the threshold: two bits, four times as likely.
     */
    static final double AMBIGUITY_MARGIN = 2.0;

    private final MatchModel model;
    private final double threshold;

    /**
     * @param model     m and u per field and level, with the prior share of matches among candidate pairs
     * @param threshold posterior from which a candidate and the record are one person
     */
    public CandidateMatcher(MatchModel model, double threshold) {
        this.model = model;
        this.threshold = threshold;
    }

    /**
     * The keys a record is stored under and looked up by in PostgreSQL: {@link IdentityIndex}'s blocking keys without
     * its surname-sound + first-initial key (reconciliation does not block on it), the postcode-and-surname key with
     * the first initial when there is a first name, each once.
     */
    public static List<String> blockingKeys(PersonRecord r) {
        return blockingKeys(prepare(r));
    }

    /** {@link #blockingKeys(PersonRecord)} of a prepared record. */
    public static List<String> blockingKeys(Prepared r) {
        Comparable c = r.comparable;
        Set<String> keys = new LinkedHashSet<>();
        for (String k : IdentityIndex.blockingKeys(c)) {
            if (k.startsWith("L")) {
                continue;
            }
            if (k.startsWith("P") && c.first != null) {
                // postcode and surname sound with the first initial (an initial-only first name keeps it): a common
                // surname in a large town is hundreds of people, who would all be candidates
                k = k + "|" + c.first.charAt(0);
            }
            keys.add(k);
        }
        return new ArrayList<>(keys);
    }

    /**
     * Whether one person's first and last name were given the other way round in one of two records ("Sogousoul
     * Olivier" for "Olivier Sogousoul", or with a close spelling of one of them), as matching compares them.
     */
    public static boolean namesSwapped(String firstA, String lastA, String firstB, String lastB) {
        return Field.swappedNames(Comparable.fold(firstA), Comparable.fold(lastA), Comparable.fold(firstB), Comparable.fold(lastB));
    }

    /**
     * The keys a record looks candidates up by: its {@link #blockingKeys} (given, not worked out again) and, looked up
     * only, never stored, the
     * postcode-and-surname key it would have with first and last name the other way round. A record whose names a
     * source gave swapped ("Sogousoul Olivier" without a street number) shared no key with the person's other records;
     * either of the two now finds the other, since one looks up what the other stored.
     */
    public static List<String> lookupKeys(Prepared r, List<String> blockingKeys) {
        String swapped = IdentityIndex.swappedNameKey(r.comparable);
        if (swapped == null || blockingKeys.contains(swapped)) {
            return blockingKeys;
        }
        List<String> keys = new ArrayList<>(blockingKeys.size() + 1);
        keys.addAll(blockingKeys);
        keys.add(swapped);
        return keys;
    }

    /**
     * A record prepared once (folded text, phonetic keys) to be compared many times: a candidate met by several
     * incoming records of a batch is prepared once.
     */
    public static final class Prepared {
        private final Comparable comparable;

        private Prepared(PersonRecord record, java.util.function.UnaryOperator<String> share) {
            this.comparable = new Comparable(record, share);
        }

        public PersonRecord record() {
            return comparable.record;
        }
    }

    public static Prepared prepare(PersonRecord record) {
        return new Prepared(record, s -> s);
    }

    /**
     * Whether two records sharing an email or a mobile are clearly two people: first names that are not the same,
     * a close spelling, an initial or alike in sound, birth years a generation apart
     * ({@link IdentityIndex#generationsApart}), or a man and a woman by their civilities. A couple's
     * or a family's shared address ({@code famille.dupont@...}) or a parent's mobile given for a child must not merge
     * them: the record is matched on its other fields instead.
     */
    public static boolean clearlySomeoneElse(Prepared a, Prepared b) {
        return IdentityIndex.clearlySomeoneElse(a.comparable, b.comparable);
    }

    /**
     * {@link #prepare(PersonRecord)}, keeping {@code share}'s equal string instead of each value compared (see
     * {@link Comparable#Comparable(PersonRecord, java.util.function.UnaryOperator)}).
     */
    public static Prepared prepare(PersonRecord record, java.util.function.UnaryOperator<String> share) {
        return new Prepared(record, share);
    }

    public Decision decide(PersonRecord incoming, Collection<PersonRecord> candidates) {
        List<Prepared> prepared = new ArrayList<>(candidates.size());
        for (PersonRecord candidate : candidates) {
            prepared.add(prepare(candidate));
        }
        return decide(prepare(incoming), prepared);
    }

    /**
     * {@link #decide(PersonRecord, Collection)} on prepared records. Weight and posterior depend on the agreement
     * pattern only; the per-field explanation is built for the candidates a decision names, not for every pair.
     */
    public Decision decide(Prepared incoming, Collection<Prepared> candidates) {
        Comparable in = incoming.comparable;
        int personPattern = 0;
        PersonRecord person = null;
        Comparable personComparable = null;
        double personWeight = 0;
        double personPosterior = 0;
        String household = null;
        PersonRecord best = null;
        int bestPattern = 0;
        double bestWeight = Double.NEGATIVE_INFINITY;
        // the weight of the best other customer above the threshold: a record that fits two customers as well is
        // not given to whichever came first
        double runnerUpWeight = Double.NEGATIVE_INFINITY;
        for (Prepared prepared : candidates) {
            Comparable other = prepared.comparable;
            int pattern = MatchModel.pattern(other, in);
            double weight = model.weight(pattern);
            double posterior = model.posterior(pattern);
            if (weight > bestWeight) {
                best = other.record;
                bestPattern = pattern;
                bestWeight = weight;
            }
            if (posterior >= threshold && !IdentityIndex.conflicting(other, in)) {
                if (person == null || posterior > personPosterior
                        || (posterior == personPosterior && weight > personWeight)) {
                    if (person != null) {
                        runnerUpWeight = Math.max(runnerUpWeight, personWeight);
                    }
                    person = other.record;
                    personComparable = other;
                    personPattern = pattern;
                    personWeight = weight;
                    personPosterior = posterior;
                } else {
                    runnerUpWeight = Math.max(runnerUpWeight, weight);
                }
            } else if (household == null && IdentityIndex.sameHome(other, in)) {
                household = other.record.id();
            }
        }
        if (person != null && personWeight - runnerUpWeight < AMBIGUITY_MARGIN) {
            // "Jean Martin, 75015" against two Jean Martins of 75015 on other streets: either could be them
            person = null;
            household = null;
        }
        if (person != null) {
            Match match = new Match(person.id(), personWeight, personPosterior,
                    explained(model.explain(personPattern), personComparable, in));
            return new Decision(Optional.of(match), Optional.empty(), Optional.of(match));
        }
        Optional<Match> bestMatch = best == null ? Optional.empty() : Optional.of(new Match(best.id(), bestWeight,
                model.posterior(bestPattern), model.explain(bestPattern)));
        return new Decision(Optional.empty(), Optional.ofNullable(household), bestMatch);
    }

    /**
     * The pattern's explanation, saying when the names agreed only the other way round: the stored explanation of a
     * merge would otherwise read "first_name: exact" for "Sogousoul Olivier" against "Olivier Sogousoul".
     */
    private static java.util.Map<String, String> explained(java.util.Map<String, String> why, Comparable a, Comparable b) {
        if (a.first == null || a.first.equals(b.first) || !Field.swappedNames(a.first, a.last, b.first, b.last)) {
            return why;
        }
        java.util.Map<String, String> turned = new java.util.LinkedHashMap<>(why);
        turned.computeIfPresent("first_name", (k, v) -> v + ", given as the last name");
        turned.computeIfPresent("last_name", (k, v) -> v + ", given as the first name");
        return java.util.Collections.unmodifiableMap(turned);
    }
}
