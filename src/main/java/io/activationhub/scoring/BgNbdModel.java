package io.activationhub.scoring;

import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie and Lee, "Counting your customers the easy way", Marketing
 * Science 24(2), 2005). While alive, a customer buys as a Poisson process of rate lambda ~ Gamma(r, alpha); after each
 * purchase they drop out for good with probability p ~ Beta(a, b). Time is in weeks.
 * <p>
 * The CDNOW estimates published in the paper are r = 0.243, alpha = 4.414, a = 0.793, b = 2.426.
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    public BgNbdModel {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
            throw new IllegalArgumentException("BG/NBD parameters must be positive: r=" + r + " alpha=" + alpha
                    + " a=" + a + " b=" + b);
        }
    }

    /** Log-likelihood of one history, computed in logs to stay finite for large x. */
    public double logLikelihood(int x, double tx, double age) {
        double a1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        double a2 = Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
        return a1 + a2 + mixture(x, tx, age, Math.log(a));
    }

    /** ln[(alpha+T)^-(r+x) + [x>0] a/(b+x-1) (alpha+tx)^-(r+x)], the part that depends on the timing. */
    private double mixture(int x, double tx, double age, double logA) {
        double a3 = -(r + x) * Math.log(alpha + age);
        if (x == 0) {
            return a3;
        }
        double a4 = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
        double max = Math.max(a3, a4);
        return max + Math.log1p(Math.exp(Math.min(a3, a4) - max));
    }

    /** Weighted log-likelihood of many histories; the terms depending on x alone are computed once per x. */
    public double logLikelihood(PurchaseHistories data) {
        int maxX = data.maxX();
        double[] byX = new double[maxX + 1];
        double logGammaR = Gamma.logGamma(r);
        double logGammaB = Gamma.logGamma(b);
        double logGammaAB = Gamma.logGamma(a + b);
        double rLogAlpha = r * Math.log(alpha);
        for (int x = 0; x <= maxX; x++) {
            byX[x] = Gamma.logGamma(r + x) - logGammaR + rLogAlpha
                    + logGammaAB + Gamma.logGamma(b + x) - logGammaB - Gamma.logGamma(a + b + x);
        }
        double logA = Math.log(a);
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            int x = data.x(i);
            total += data.weight(i) * (byX[x] + mixture(x, data.tx(i), data.age(i), logA));
        }
        return total;
    }

    /** Probability that a customer with this history is still alive at T. */
    public double probabilityAlive(int x, double tx, double age) {
        if (x == 0) {
            return 1;
        }
        return 1 / (1 + a / (b + x - 1) * Math.exp((r + x) * Math.log((alpha + age) / (alpha + tx))));
    }

    /** Expected purchases of a new customer in (0, t]. */
    public double expectedPurchases(double t) {
        double am1 = nonUnit(a) - 1;
        double z = t / (alpha + t);
        return (a + b - 1) / am1
                * (1 - Math.pow(alpha / (alpha + t), r) * GaussHypergeometric.value(r, b, a + b - 1, z));
    }

    /** Expected purchases in (T, T + t] of a customer with this history. */
    public double expectedPurchases(double t, int x, double tx, double age) {
        double am1 = nonUnit(a) - 1;
        double z = t / (alpha + age + t);
        double bracket = 1 - Math.pow((alpha + age) / (alpha + age + t), r + x)
                * GaussHypergeometric.value(r + x, b + x, a + b + x - 1, z);
        return (a + b + x - 1) / am1 * bracket * probabilityAlive(x, tx, age);
    }

    /**
     * Probability of no purchase at all in (T, T + t]: the customer is dead, or alive and does not buy
     * (P = 1 - P(alive) (1 - ((alpha+T)/(alpha+T+t))^(r+x)), since the posterior rate of the living is
     * Gamma(r + x, alpha + T) and a dropout only happens right after a purchase).
     */
    public double probabilityNoPurchase(double t, int x, double tx, double age) {
        double stillSilent = Math.pow((alpha + age) / (alpha + age + t), r + x);
        return 1 - probabilityAlive(x, tx, age) * (1 - stillSilent);
    }

    /** a = 1 is a removable singularity of the expectations; step off it. */
    private static double nonUnit(double a) {
        return Math.abs(a - 1) < 1e-9 ? 1 + 1e-9 : a;
    }

    /** Maximum-likelihood estimates on these histories (Nelder-Mead on the log-parameters). */
    public static Estimate fit(PurchaseHistories histories) {
        if (histories.size() == 0) {
            throw new IllegalArgumentException("no purchase history to fit the BG/NBD model on");
        }
        PurchaseHistories data = histories.compressed();
        double[] start = {1, Math.max(1, data.meanAge()), 1, 1};
        MaximumLikelihood.Fit fit = MaximumLikelihood.maximise(
                p -> new BgNbdModel(p[0], p[1], p[2], p[3]).logLikelihood(data), start);
        double[] p = fit.parameters();
        return new Estimate(new BgNbdModel(p[0], p[1], p[2], p[3]), fit.logLikelihood(), (long) data.totalWeight(),
                fit.evaluations());
    }

    /** A fitted model with its log-likelihood at the optimum and the number of customers it was fitted on. */
    public record Estimate(BgNbdModel model, double logLikelihood, long customers, int evaluations) {
    }
}
