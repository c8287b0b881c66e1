package io.activationhub.identity;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fellegi–Sunter model: for each field and agreement level, m = P(level | same person) and u = P(level | different
 * people); the weight of a comparison is the sum of log2(m/u) over the fields present, and the posterior follows from
 * the prior share of matches among candidate pairs. Parameters are estimated by EM on the candidate pairs themselves
 * (no labelled data), starting from the defaults below, which also serve small batches where EM has too little to go on.
 */
public final class MatchModel {

    static final Field[] FIELDS = Field.values();
    private static final int BASE = 5;

    private final double[][] m;
    private final double[][] u;
    private final double prior;

    private MatchModel(double[][] m, double[][] u, double prior) {
        this.m = m;
        this.u = u;
        this.prior = prior;
    }

    /** Reasonable starting values for French and Australian-style person records. */
    public static MatchModel defaults() {
        double[][] m = new double[FIELDS.length][];
        double[][] u = new double[FIELDS.length][];
        for (Field f : FIELDS) {
            int n = f.levels();
            m[f.ordinal()] = new double[n];
            u[f.ordinal()] = new double[n];
            // m: mostly exact, a little spread over the looser levels; u: mostly "different"
            m[f.ordinal()][0] = 0.85;
            u[f.ordinal()][0] = 0.02;
            for (int l = 1; l < n - 1; l++) {
                m[f.ordinal()][l] = 0.10 / (n - 2);
                u[f.ordinal()][l] = 0.05 / (n - 2);
            }
            m[f.ordinal()][n - 1] = n > 2 ? 0.05 : 0.15;
            u[f.ordinal()][n - 1] = n > 2 ? 0.93 : 0.98;
        }
        return new MatchModel(m, u, 0.1);
    }

    /** Agreement pattern of a pair, packed: one base-5 digit per field (0 = missing, 1 + level otherwise). */
    static int pattern(Comparable a, Comparable b) {
        int p = 0;
        for (int f = FIELDS.length - 1; f >= 0; f--) {
            p = p * BASE + (FIELDS[f].level(a, b) + 1);
        }
        return p;
    }

    static int levelOf(int pattern, int field) {
        int p = pattern;
        for (int i = 0; i < field; i++) {
            p /= BASE;
        }
        return p % BASE - 1;
    }

    /**
     * Street number, street, postcode and town are one address: they agree together far more often than independent
     * fields would, so their combined evidence is capped (it cannot make two people of one home into one person).
     */
    static final double ADDRESS_CAP = 10;

    public double weight(int pattern) {
        return scored(pattern)[0];
    }

    /**
     * Weight and posterior by agreement pattern, worked out once: a decision scores every candidate, and a
     * reconciliation meets the same few hundred patterns millions of times (each scoring took ten logarithms and a
     * power). Bounded like {@link #explained}.
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, double[]> scores =
            new java.util.concurrent.ConcurrentHashMap<>();

    private double[] scored(int pattern) {
        double[] known = scores.get(pattern);
        if (known != null) {
            return known;
        }
        double w = weightNow(pattern);
        double[] worked = {w, posteriorOf(w)};
        if (scores.size() < EXPLAINED_MAX) {
            scores.putIfAbsent(pattern, worked);
        }
        return worked;
    }

    private double weightNow(int pattern) {
        double w = 0;
        double address = 0;
        // Two records of one postcode whose streets differ: the town, which the postcode already gives, is no
        // further evidence of one home. Counted, it made namesakes of two streets of one town one person (p 0.96).
        boolean townAddsNothing = levelOf(pattern, Field.POSTCODE.ordinal()) == 0
                && levelOf(pattern, Field.STREET.ordinal()) == Field.STREET.levels() - 1;
        for (int f = 0; f < FIELDS.length; f++) {
            int l = levelOf(pattern, f);
            if (f == Field.CITY.ordinal() && townAddsNothing && l >= 0 && l < Field.CITY.levels() - 1) {
                continue;
            }
            if (l >= 0) {
                double fw = log2(m[f][l] / u[f][l]);
                if (FIELDS[f].isAddress()) {
                    address += fw;
                } else {
                    w += fw;
                }
            }
        }
        return w + Math.min(address, ADDRESS_CAP);
    }

    public double posterior(int pattern) {
        return scored(pattern)[1];
    }

    /** Posterior with an extra weight (term-frequency adjustment), in bits. */
    public double posterior(int pattern, double adjustment) {
        return adjustment == 0 ? posterior(pattern) : posteriorOf(weight(pattern) + adjustment);
    }

    private double posteriorOf(double weight) {
        double w = weight + log2(prior / (1 - prior));
        return 1 / (1 + Math.pow(2, -w));
    }

    /**
     * Extra weight for an exact agreement on a value held by {@code share} of all records: the model's u for exact
     * agreement is an average over values; a common value agrees by chance more often, a rare one less. Bounded to
     * +-6 bits so one field never decides alone.
     */
    double frequencyAdjustment(Field field, double share) {
        double uExact = u[field.ordinal()][0];
        double adj = log2(uExact / Math.max(share, 1e-9));
        return Math.max(-6, Math.min(6, adj));
    }

    /**
     * Explanations by agreement pattern: a model is immutable, and a reconciliation explains the same few hundred
     * patterns again and again. Bounded: past {@link #EXPLAINED_MAX} patterns, the others are worked out each time.
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Map<String, String>> explained =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int EXPLAINED_MAX = 4096;

    /** Per field: level name and weight, to explain a decision (read-only, shared by the decisions of one pattern). */
    Map<String, String> explain(int pattern) {
        Map<String, String> known = explained.get(pattern);
        if (known != null) {
            return known;
        }
        Map<String, String> worked = java.util.Collections.unmodifiableMap(explainNow(pattern));
        if (explained.size() < EXPLAINED_MAX) {
            explained.putIfAbsent(pattern, worked);
        }
        return worked;
    }

    private Map<String, String> explainNow(int pattern) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int f = 0; f < FIELDS.length; f++) {
            int l = levelOf(pattern, f);
            String name = FIELDS[f].name().toLowerCase();
            out.put(name, l < 0 ? "missing (0)" : FIELDS[f].levelName(l) + " (" + String.format(java.util.Locale.ROOT, "%+.2f",
                    log2(m[f][l] / u[f][l])) + ")");
        }
        return out;
    }

    /**
     * EM over the agreement patterns of candidate pairs ({@code counts[i]} pairs show {@code patterns[i]}).
     * Returns this model when there is too little to learn from.
     */
    public MatchModel fit(int[] patterns, long[] counts, int iterations, long minimumPairs) {
        return fit(patterns, counts, iterations, minimumPairs, false);
    }

    /**
     * u from random pairs of records: how often each field agrees by chance. Blocking makes candidate pairs agree on
     * their blocking fields far more than chance, which is why EM must not estimate u from them.
     */
    public MatchModel withChanceAgreement(int[] patterns, long[] counts) {
        double[][] uu = deepCopy(u);
        for (int f = 0; f < FIELDS.length; f++) {
            double[] seen = new double[uu[f].length];
            double total = 0;
            for (int i = 0; i < patterns.length; i++) {
                int l = levelOf(patterns[i], f);
                if (l >= 0) {
                    seen[l] += counts[i];
                    total += counts[i];
                }
            }
            if (total >= 100) {
                for (int l = 0; l < seen.length; l++) {
                    uu[f][l] = clamp((seen[l] + 0.5) / (total + 0.5 * seen.length));
                }
            }
        }
        return new MatchModel(m, uu, RANDOM_PAIR_PRIOR);
    }

    /**
     * With u measured on random pairs, the prior is the chance that two random records are one person: small. 1e-4
     * means a link needs about 16 bits of evidence beyond the threshold's odds, e.g. same name and same address, or
     * same name and birth date; a namesake in another town (names only) stays below.
     */
    static final double RANDOM_PAIR_PRIOR = 1e-4;

    /** EM; with {@code fixedU}, only m and the prior are estimated (u comes from {@link #withChanceAgreement}). */
    public MatchModel fit(int[] patterns, long[] counts, int iterations, long minimumPairs, boolean fixedU) {
        long total = Arrays.stream(counts).sum();
        if (total < minimumPairs) {
            return this;
        }
        double[][] mm = deepCopy(m);
        double[][] uu = deepCopy(u);
        double p = prior;
        for (int it = 0; it < iterations; it++) {
            double[][] mNum = zero(mm);
            double[][] uNum = zero(uu);
            double[] mDen = new double[FIELDS.length];
            double[] uDen = new double[FIELDS.length];
            double matches = 0;
            for (int i = 0; i < patterns.length; i++) {
                double lm = Math.log(p);
                double lu = Math.log(1 - p);
                for (int f = 0; f < FIELDS.length; f++) {
                    int l = levelOf(patterns[i], f);
                    if (l >= 0) {
                        lm += Math.log(mm[f][l]);
                        lu += Math.log(uu[f][l]);
                    }
                }
                double g = 1 / (1 + Math.exp(lu - lm));
                double n = counts[i];
                matches += g * n;
                for (int f = 0; f < FIELDS.length; f++) {
                    int l = levelOf(patterns[i], f);
                    if (l >= 0) {
                        mNum[f][l] += g * n;
                        uNum[f][l] += (1 - g) * n;
                        mDen[f] += g * n;
                        uDen[f] += (1 - g) * n;
                    }
                }
            }
            p = clamp(matches / total);
            for (int f = 0; f < FIELDS.length; f++) {
                for (int l = 0; l < mm[f].length; l++) {
                    mm[f][l] = clamp(mDen[f] == 0 ? mm[f][l] : mNum[f][l] / mDen[f]);
                    if (!fixedU) {
                        uu[f][l] = clamp(uDen[f] == 0 ? uu[f][l] : uNum[f][l] / uDen[f]);
                    }
                }
            }
        }
        return new MatchModel(mm, uu, p);
    }

    /** The same m and u with another prior share of matches among candidate pairs. */
    public MatchModel withPrior(double newPrior) {
        if (!(newPrior > 0 && newPrior < 1)) {
            throw new IllegalArgumentException("the prior must be between 0 and 1, exclusive: " + newPrior);
        }
        return new MatchModel(m, u, newPrior);
    }

    public double prior() {
        return prior;
    }

    private static double clamp(double v) {
        return Math.min(1 - 1e-6, Math.max(1e-6, v));
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double[][] zero(double[][] shape) {
        double[][] z = new double[shape.length][];
        for (int i = 0; i < shape.length; i++) {
            z[i] = new double[shape[i].length];
        }
        return z;
    }
}
