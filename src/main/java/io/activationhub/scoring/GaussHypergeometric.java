package io.activationhub.scoring;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, summed as its power series
 * (Abramowitz and Stegun 15.1.1). The BG/NBD conditional expectation needs it with z = t / (alpha + T + t).
 */
public final class GaussHypergeometric {

    private static final int MAX_TERMS = 1_000_000;
    private static final double TOLERANCE = 1e-14;

    private GaussHypergeometric() {
    }

    /** @throws IllegalArgumentException when z is outside [0, 1) or c is 0 or a negative integer (a pole) */
    public static double value(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 is summed for 0 <= z < 1, got z=" + z);
        }
        if (c <= 0 && Math.abs(c - Math.rint(c)) < 1e-12) {
            throw new IllegalArgumentException("2F1 has a pole at c=" + c);
        }
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            // the ratio of successive terms tends to z < 1: once it is below 1 and the terms are negligible, so is the tail
            if (Math.abs(term) <= TOLERANCE * Math.abs(sum) && Math.abs(ratio) < 1) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
