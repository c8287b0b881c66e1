package io.activationhub.customer;

import io.activationhub.identity.CandidateMatcher;
import io.activationhub.identity.MatchModel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Probabilistic matching in reconciliation ({@code hub.identity.*}).
 *
 * @param matchThreshold posterior from which an incoming record and a candidate customer are one person
 * @param prior          prior share of one person among candidate pairs
 * @param maxBlockSize   a blocking key shared by more customers than this yields no candidates
 * @param candidateCache how many candidate customers (prepared golden records) a reconciliation run keeps between
 *                       its batches of 1,000 members, so that a customer met again is not read again (0: none;
 *                       by default {@link #defaultCandidateCache})
 */
@ConfigurationProperties(prefix = "hub.identity")
public record IdentitySettings(Double matchThreshold, Double prior, Integer maxBlockSize, Integer candidateCache) {

    public IdentitySettings {
        matchThreshold = matchThreshold == null ? 0.9 : matchThreshold;
        prior = prior == null ? 0.001 : prior;
        maxBlockSize = maxBlockSize == null ? 200 : maxBlockSize;
        candidateCache = candidateCache == null ? defaultCandidateCache(Runtime.getRuntime().maxMemory())
                : candidateCache;
        if (candidateCache < 0) {
            throw new IllegalArgumentException("hub.identity.candidate-cache must not be negative");
        }
        if (matchThreshold <= 0 || matchThreshold >= 1) {
            throw new IllegalArgumentException("hub.identity.match-threshold must be between 0 and 1, exclusive");
        }
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("hub.identity.max-block-size must be at least 1");
        }
    }

    /**
     * A fifth of the heap at about 1 KB per candidate (a prepared golden record and its record), between 10,000 and
     * 400,000: 400,000 (a 2 GB heap) instead of 100,000 made a million members on the dense benchmark read 5.2 million
     * candidates from PostgreSQL instead of 13.2 million and take 358.7 s instead of 438.7 s (bench/README.md).
     */
    static int defaultCandidateCache(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(400_000, maxHeapBytes / 5 / 1024));
    }

    public CandidateMatcher matcher() {
        return new CandidateMatcher(MatchModel.defaults().withPrior(prior), matchThreshold);
    }
}
