package io.activationhub.scoring;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BgNbdModelTest {

    /** The CDNOW estimates published by Fader, Hardie and Lee (2005). */
    static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    @Test
    void probabilityAliveMatchesTheClosedFormComputedByHand() {
        // x=2, tx=30.43, T=38.86: a/(b+x-1) = 0.793/3.426 = 0.231465; (alpha+T)/(alpha+tx) = 43.274/34.844 = 1.241935;
        // 1.241935^(r+x = 2.243) = 1.625787; P(alive) = 1/(1 + 0.231465 * 1.625787) = 1/1.376314 = 0.726579
        assertThat(CDNOW.probabilityAlive(2, 30.43, 38.86)).isCloseTo(0.726579, within(1e-6));
        // no repeat purchase: the model cannot have seen a dropout
        assertThat(CDNOW.probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
        // the longer the silence since the last purchase, the lower
        assertThat(CDNOW.probabilityAlive(2, 10, 38.86)).isLessThan(CDNOW.probabilityAlive(2, 30, 38.86));
    }

    @Test
    void conditionalExpectationMatchesThePublishedCdnowExample() {
        // Hardie's worked example for the CDNOW estimates: a customer with x=2, tx=30.43, T=38.86 is expected to make
        // 1.226 purchases in the next 39 weeks
        BgNbdModel fourDecimals = new BgNbdModel(0.2426, 4.4136, 0.7929, 2.4259);
        assertThat(fourDecimals.expectedPurchases(39, 2, 30.43, 38.86)).isCloseTo(1.226, within(0.0005));
        assertThat(CDNOW.expectedPurchases(39, 2, 30.43, 38.86)).isCloseTo(1.226028, within(1e-5));
        // x=0, T=10, t=52: (a+b-1)/(a-1) [1 - (14.414/66.414)^0.243 2F1(0.243, 2.426; 2.219; 52/66.414)] = 0.626438
        assertThat(CDNOW.expectedPurchases(52, 0, 0, 10)).isCloseTo(0.626438, within(1e-5));
        // nothing is expected in no time
        assertThat(CDNOW.expectedPurchases(0, 3, 20, 30)).isCloseTo(0, within(1e-12));
    }

    @Test
    void unconditionalExpectationMatchesTheClosedForm() {
        // E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]
        // t=39: 2.219/-0.207 [1 - (4.414/43.414)^0.243 2F1(0.243, 2.426; 2.219; 0.898328)] = 1.196723
        assertThat(CDNOW.expectedPurchases(39)).isCloseTo(1.196723, within(1e-5));
        assertThat(CDNOW.expectedPurchases(52)).isCloseTo(1.446051, within(1e-5));
    }

    @Test
    void probabilityOfNoPurchaseCombinesDeathAndSilence() {
        // 1 - P(alive) (1 - ((alpha+T)/(alpha+T+t))^(r+x)); ((43.274)/(95.274))^2.243 = 0.170218
        // 1 - 0.726579 * (1 - 0.170218) = 0.397159
        assertThat(CDNOW.probabilityNoPurchase(52, 2, 30.43, 38.86)).isCloseTo(0.397159, within(1e-5));
        // over no time at all nobody buys
        assertThat(CDNOW.probabilityNoPurchase(0, 2, 30.43, 38.86)).isCloseTo(1, within(1e-12));
    }

    @Test
    void logLikelihoodMatchesEquationSixComputedByHand() {
        // x=0: ln Gamma terms cancel to r ln alpha + ln B(a,b)/B(a,b) - r ln(alpha+T) = 0.243 ln(4.414/43.274) = -0.554713
        assertThat(CDNOW.logLikelihood(0, 0, 38.86)).isCloseTo(-0.554713, within(1e-6));
        assertThat(CDNOW.logLikelihood(2, 30.43, 38.86)).isCloseTo(-9.458606, within(1e-6));
        PurchaseHistories two = new PurchaseHistories(2).add(0, 0, 38.86).add(2, 30.43, 38.86, 3);
        assertThat(CDNOW.logLikelihood(two)).isCloseTo(-0.554713 + 3 * -9.458606, within(1e-5));
    }

    @Test
    void hypergeometricSeriesMatchesKnownValues() {
        // 2F1(1, 1; 2; z) = -ln(1-z)/z
        assertThat(GaussHypergeometric.value(1, 1, 2, 0.5)).isCloseTo(2 * Math.log(2), within(1e-12));
        assertThat(GaussHypergeometric.value(1, 1, 2, 0.99)).isCloseTo(-Math.log(0.01) / 0.99, within(1e-10));
        // 2F1(a, b; b; z) = (1-z)^-a
        assertThat(GaussHypergeometric.value(2.5, 3, 3, 0.3)).isCloseTo(Math.pow(0.7, -2.5), within(1e-12));
        assertThatThrownBy(() -> GaussHypergeometric.value(1, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maximumLikelihoodRecoversTheCdnowParametersFromSimulatedCustomers() {
        PurchaseHistories data = simulate(CDNOW, 20_000, 20260101L);
        BgNbdModel.Estimate estimate = BgNbdModel.fit(data);
        BgNbdModel fitted = estimate.model();

        // the optimiser found the top: nothing near it, nor the true parameters, does better
        assertThat(estimate.logLikelihood()).isGreaterThanOrEqualTo(CDNOW.logLikelihood(data));
        for (double f : new double[]{0.9, 1.1}) {
            assertThat(new BgNbdModel(fitted.r() * f, fitted.alpha(), fitted.a(), fitted.b()).logLikelihood(data)).isLessThan(estimate.logLikelihood());
            assertThat(new BgNbdModel(fitted.r(), fitted.alpha() * f, fitted.a(), fitted.b()).logLikelihood(data)).isLessThan(estimate.logLikelihood());
            assertThat(new BgNbdModel(fitted.r(), fitted.alpha(), fitted.a() * f, fitted.b()).logLikelihood(data)).isLessThan(estimate.logLikelihood());
            assertThat(new BgNbdModel(fitted.r(), fitted.alpha(), fitted.a(), fitted.b() * f).logLikelihood(data)).isLessThan(estimate.logLikelihood());
        }
        // and it lies near the parameters the customers were drawn from
        assertThat(fitted.r()).isCloseTo(0.243, within(0.243 * 0.10));
        assertThat(fitted.alpha()).isCloseTo(4.414, within(4.414 * 0.15));
        assertThat(fitted.a()).isCloseTo(0.793, within(0.793 * 0.25));
        assertThat(fitted.b()).isCloseTo(2.426, within(2.426 * 0.35));
        // the fitted model predicts the simulated holdout as well as the true one
        assertThat(fitted.expectedPurchases(52)).isCloseTo(CDNOW.expectedPurchases(52), within(0.05));
    }

    /**
     * Customers drawn from the model as in the CDNOW cohort: first purchase in one of the first 12 weeks, observed
     * until week 39 (so T is between 27 and 39 weeks).
     */
    static PurchaseHistories simulate(BgNbdModel m, int customers, long seed) {
        RandomGenerator random = new Well19937c(seed);
        GammaDistribution rates = new GammaDistribution(random, m.r(), 1 / m.alpha());
        BetaDistribution dropout = new BetaDistribution(random, m.a(), m.b());
        PurchaseHistories out = new PurchaseHistories(customers);
        for (int i = 0; i < customers; i++) {
            double lambda = rates.sample();
            double p = dropout.sample();
            double age = 39 - random.nextDouble() * 12;
            int x = 0;
            double tx = 0;
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                if (t > age) {
                    break;
                }
                x++;
                tx = t;
                if (random.nextDouble() < p) {
                    break;
                }
            }
            out.add(x, tx, age);
        }
        return out;
    }
}
