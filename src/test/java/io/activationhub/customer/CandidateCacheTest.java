package io.activationhub.customer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's candidate cache: bounded, and when full it drops a candidate not met lately, not one met again. */
class CandidateCacheTest {

    private static IdentityLinks.CandidateCache.Candidate candidate(long household) {
        return new IdentityLinks.CandidateCache.Candidate(null, household);
    }

    @Test
    void whenFullACandidateMetSinceItWasPutStaysAndOneNotMetIsDropped() {
        IdentityLinks.CandidateCache cache = new IdentityLinks.CandidateCache(3);
        cache.put(1, candidate(1));
        cache.put(2, candidate(2));
        cache.put(3, candidate(3));
        assertThat(cache.get(1)).isNotNull();
        assertThat(cache.get(3)).isNotNull();
        cache.put(4, candidate(4));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.holds(2)).as("never met again: dropped").isFalse();
        assertThat(cache.get(2)).isNull();
        assertThat(List.of(1L, 3L, 4L)).allMatch(id -> cache.get(id) != null);
        // all met since: each loses its second chance in turn, and the oldest in the clock's order goes
        cache.put(5, candidate(5));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.holds(5)).isTrue();
        assertThat(List.of(1L, 3L, 4L).stream().filter(cache::holds)).hasSize(2);
    }

    @Test
    void aForgottenCandidateFreesItsPlaceBeforeAnyOtherIsDropped() {
        IdentityLinks.CandidateCache cache = new IdentityLinks.CandidateCache(2);
        cache.put(1, candidate(1));
        cache.put(2, candidate(2));
        cache.forget(List.of(1L));
        assertThat(cache.get(1)).isNull();
        cache.put(3, candidate(3));
        assertThat(cache.holds(2)).isTrue();
        assertThat(cache.holds(3)).isTrue();
        assertThat(cache.size()).isEqualTo(2);
        // put again: replaced in place, nothing dropped
        cache.put(3, candidate(33));
        assertThat(cache.get(3).household()).isEqualTo(33L);
        assertThat(cache.holds(2)).isTrue();
    }

    @Test
    void aValueManyCandidatesHaveIsKeptOnceUpToHalfTheCapacityInValues() {
        IdentityLinks.CandidateCache cache = new IdentityLinks.CandidateCache(4);
        String boulogne = new String("BOULOGNE BILLANCOURT");
        assertThat(cache.share(boulogne)).isSameAs(boulogne);
        assertThat(cache.share(new String("BOULOGNE BILLANCOURT"))).isSameAs(boulogne);
        String paris = new String("PARIS");
        assertThat(cache.share(paris)).isSameAs(paris);
        // two values kept: a third is used as given, not kept
        String lyon = new String("LYON");
        assertThat(cache.share(lyon)).isSameAs(lyon);
        assertThat(cache.share(new String("LYON"))).isNotSameAs(lyon);
        assertThat(cache.share(new String("PARIS"))).isSameAs(paris);
    }

    @Test
    void aCacheOfNothingHoldsNothing() {
        IdentityLinks.CandidateCache cache = new IdentityLinks.CandidateCache(0);
        cache.put(1, candidate(1));
        assertThat(cache.get(1)).isNull();
        assertThat(cache.size()).isZero();
    }
}
