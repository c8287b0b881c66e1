package io.activationhub.identity;

import java.util.HashMap;
import java.util.Map;

/** Pairwise precision, recall and F1 of a clustering against the truth (pairs of records put in one cluster). */
public record LinkageScore(long truePairs, long predictedPairs, long correctPairs) {

    public static LinkageScore of(Map<String, String> predicted, Map<String, String> truth) {
        Map<String, Long> pred = new HashMap<>();
        Map<String, Long> real = new HashMap<>();
        Map<String, Long> both = new HashMap<>();
        for (Map.Entry<String, String> e : predicted.entrySet()) {
            String t = truth.get(e.getKey());
            pred.merge(e.getValue(), 1L, Long::sum);
            real.merge(t, 1L, Long::sum);
            both.merge(e.getValue() + "\u0000" + t, 1L, Long::sum);
        }
        return new LinkageScore(pairs(real), pairs(pred), pairs(both));
    }

    private static long pairs(Map<String, Long> sizes) {
        return sizes.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
    }

    public double precision() {
        return predictedPairs == 0 ? 1 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1 : (double) correctPairs / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "precision %.4f  recall %.4f  F1 %.4f  (true pairs %d, predicted %d, correct %d)",
                precision(), recall(), f1(), truePairs, predictedPairs, correctPairs);
    }
}
