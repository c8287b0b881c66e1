package io.activationhub.scoring;

import org.apache.commons.math3.special.Gamma;

import java.util.Arrays;

/**
 * The Gamma-Gamma model of spend per transaction (Fader and Hardie, "The Gamma-Gamma model of monetary value", 2013;
 * Colombo and Jiang 1999): transaction values of a customer are Gamma(p, nu) with nu ~ Gamma(q, gamma) across
 * customers, independent of the purchase process. Fitted on customers with repeat purchases (x >= 1) and their mean
 * repeat-transaction value. The CDNOW estimates in the note are p = 6.25, q = 3.74, gamma = 15.44.
 */
public record GammaGammaModel(double p, double q, double gamma) {

    public GammaGammaModel {
        if (!(p > 0 && q > 0 && gamma > 0)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive: p=" + p + " q=" + q
                    + " gamma=" + gamma);
        }
    }

    /** Log-density of a mean value {@code meanValue} over {@code x >= 1} transactions. */
    public double logLikelihood(int x, double meanValue) {
        double px = p * x;
        return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma)
                + (px - 1) * Math.log(meanValue) + px * Math.log(x) - (px + q) * Math.log(gamma + meanValue * x);
    }

    /** Weighted log-likelihood of many customers; terms depending on x alone are computed once per x. */
    public double logLikelihood(SpendHistories data) {
        int maxX = data.maxX();
        double[] byX = new double[maxX + 1];
        double logGammaQ = Gamma.logGamma(q);
        double qLogGamma = q * Math.log(gamma);
        for (int x = 1; x <= maxX; x++) {
            double px = p * x;
            byX[x] = Gamma.logGamma(px + q) - Gamma.logGamma(px) - logGammaQ + qLogGamma + px * Math.log(x);
        }
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            int x = data.x(i);
            double px = p * x;
            total += byX[x] + (px - 1) * data.logMean(i) - (px + q) * Math.log(gamma + data.mean(i) * x);
        }
        return total;
    }

    /** Mean value of a customer's transactions in the population, gamma p / (q - 1); infinite when q <= 1. */
    public double populationMeanValue() {
        return q > 1 ? gamma * p / (q - 1) : Double.POSITIVE_INFINITY;
    }

    /**
     * Expected mean transaction value of a customer with {@code x} repeat transactions of mean {@code meanValue}:
     * a weighted average of the population mean and the customer's own mean. With x = 0 the
     * population mean; a non-positive mean (returns) counts as 0.
     */
    public double expectedMeanValue(int x, double meanValue) {
        if (x == 0) {
            return populationMeanValue();
        }
        double m = Math.max(0, meanValue);
        return (gamma + m * x) * p / (p * x + q - 1);
    }

    /** Maximum-likelihood estimates (Nelder-Mead on the log-parameters). */
    public static Estimate fit(SpendHistories data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no repeat customer with a positive spend to fit the Gamma-Gamma model on");
        }
        double[] start = {1, 2, Math.max(1, data.averageMean())};
        MaximumLikelihood.Fit fit = MaximumLikelihood.maximise(
                v -> new GammaGammaModel(v[0], v[1], v[2]).logLikelihood(data), start);
        double[] v = fit.parameters();
        return new Estimate(new GammaGammaModel(v[0], v[1], v[2]), fit.logLikelihood(), data.size(), fit.evaluations());
    }

    /** A fitted model with its log-likelihood at the optimum. */
    public record Estimate(GammaGammaModel model, double logLikelihood, long customers, int evaluations) {
    }

    /** Repeat customers: number of repeat transactions and their mean value (strictly positive). */
    public static final class SpendHistories {
        private int size;
        private int[] x = new int[16];
        private double[] mean = new double[16];
        private double[] logMean = new double[16];

        /** Customers without repeat transaction or with a non-positive mean carry no information here: skipped. */
        public SpendHistories add(int repeatTransactions, double meanValue) {
            if (repeatTransactions < 1 || !(meanValue > 0) || !Double.isFinite(meanValue)) {
                return this;
            }
            if (size == x.length) {
                x = Arrays.copyOf(x, size * 2);
                mean = Arrays.copyOf(mean, size * 2);
                logMean = Arrays.copyOf(logMean, size * 2);
            }
            x[size] = repeatTransactions;
            mean[size] = meanValue;
            logMean[size] = Math.log(meanValue);
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        int x(int i) {
            return x[i];
        }

        double mean(int i) {
            return mean[i];
        }

        double logMean(int i) {
            return logMean[i];
        }

        int maxX() {
            int m = 0;
            for (int i = 0; i < size; i++) {
                m = Math.max(m, x[i]);
            }
            return m;
        }

        double averageMean() {
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += mean[i];
            }
            return size == 0 ? 0 : s / size;
        }
    }
}
