package io.activationhub.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * thousands of people per key in a national base: postcode with phonetic surname, birth date with initial, street
 * with number and postcode, phonetic first name with street and postcode, national id.
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
     * its surname-sound + first-initial key (reconciliation does not block on it), each once.
     */
    public static List<String> blockingKeys(PersonRecord r) {
        Set<String> keys = new LinkedHashSet<>(IdentityIndex.blockingKeys(new Comparable(r)));
        keys.removeIf(k -> k.startsWith("L"));
        return new ArrayList<>(keys);
    }

    public Decision decide(PersonRecord incoming, Collection<PersonRecord> candidates) {
        Comparable in = new Comparable(incoming);
        List<Match> scored = new ArrayList<>(candidates.size());
        Match person = null;
        String household = null;
        for (PersonRecord candidate : candidates) {
            Comparable other = new Comparable(candidate);
            int pattern = MatchModel.pattern(other, in);
            Match match = new Match(candidate.id(), model.weight(pattern), model.posterior(pattern),
                    model.explain(pattern));
            scored.add(match);
            boolean conflicting = IdentityIndex.conflicting(other, in);
            if (match.posterior() >= threshold && !conflicting) {
                if (person == null || match.posterior() > person.posterior()
                        || (match.posterior() == person.posterior() && match.weight() > person.weight())) {
                    person = match;
                }
            } else if (household == null && IdentityIndex.sameHome(other, in)) {
                household = candidate.id();
            }
        }
        Optional<Match> best = scored.stream().max(Comparator.comparingDouble(Match::weight));
        return person != null
                ? new Decision(Optional.of(person), Optional.empty(), Optional.of(person))
                : new Decision(Optional.empty(), Optional.ofNullable(household), best);
    }
}
