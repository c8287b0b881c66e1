package io.activationhub.identity;

/**
 * Matching configuration.
 *
 * @param matchThreshold   posterior probability from which two records are one person
 * @param maxBlockSize     a blocking key shared by more records than this stops producing candidates (a common name in
 *                         a big town): other passes still find the pairs that matter
 * @param emIterations     EM iterations when fitting m and u
 * @param minimumPairsForEm fewer candidate pairs than this keep the current parameters (small batches)
 */
public record MatchSettings(double matchThreshold, int maxBlockSize, int emIterations, long minimumPairsForEm) {

    public static MatchSettings defaults() {
        return new MatchSettings(0.9, 200, 25, 2000);
    }
}
