package io.activationhub.scoring;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GammaGammaModelTest {

    /** The CDNOW estimates published by Fader and Hardie (2013). */
    static final GammaGammaModel CDNOW = new GammaGammaModel(6.25, 3.74, 15.44);

    @Test
    void expectedMeanValueShrinksTheCustomersOwnMeanTowardsThePopulationMean() {
        // population mean: gamma p / (q - 1) = 15.44 * 6.25 / 2.74 = 35.218978
        assertThat(CDNOW.populationMeanValue()).isCloseTo(35.218978, within(1e-6));
        assertThat(CDNOW.expectedMeanValue(0, 0)).isCloseTo(35.218978, within(1e-6));
        // x=2, mean 35: (gamma + m x) p / (p x + q - 1) = (15.44 + 70) * 6.25 / (12.5 + 2.74) = 534.0 / 15.24 = 35.039370
        assertThat(CDNOW.expectedMeanValue(2, 35)).isCloseTo(35.039370, within(1e-6));
        // x=10, mean 100: (15.44 + 1000) * 6.25 / (62.5 + 2.74) = 6346.5 / 65.24 = 97.279277; close to their own mean
        assertThat(CDNOW.expectedMeanValue(10, 100)).isCloseTo(97.279277, within(1e-6));
        // returns only: the own mean counts as 0
        assertThat(CDNOW.expectedMeanValue(1, -20)).isCloseTo(15.44 * 6.25 / (6.25 + 2.74), within(1e-9));
    }

    @Test
    void logLikelihoodMatchesTheDensityComputedByHand() {
        // ln Gamma(px+q) - ln Gamma(px) - ln Gamma(q) + q ln gamma + (px-1) ln m + px ln x - (px+q) ln(gamma + m x)
        assertThat(CDNOW.logLikelihood(2, 35)).isCloseTo(-4.095817, within(1e-6));
        assertThat(CDNOW.logLikelihood(1, 12.5)).isCloseTo(-3.686276, within(1e-6));
        GammaGammaModel.SpendHistories data = new GammaGammaModel.SpendHistories().add(2, 35).add(1, 12.5)
                .add(0, 50).add(3, -4);
        assertThat(data.size()).isEqualTo(2);
        assertThat(CDNOW.logLikelihood(data)).isCloseTo(-4.095817 - 3.686276, within(1e-5));
    }

    @Test
    void maximumLikelihoodRecoversTheCdnowParametersFromSimulatedCustomers() {
        RandomGenerator random = new Well19937c(20260102L);
        GammaDistribution nus = new GammaDistribution(random, CDNOW.q(), 1 / CDNOW.gamma());
        GammaGammaModel.SpendHistories data = new GammaGammaModel.SpendHistories();
        for (int i = 0; i < 20_000; i++) {
            double nu = nus.sample();
            int x = 1 + random.nextInt(8);
            GammaDistribution values = new GammaDistribution(random, CDNOW.p(), 1 / nu);
            double sum = 0;
            for (int k = 0; k < x; k++) {
                sum += values.sample();
            }
            data.add(x, sum / x);
        }
        GammaGammaModel.Estimate estimate = GammaGammaModel.fit(data);
        GammaGammaModel fitted = estimate.model();
        assertThat(estimate.logLikelihood()).isGreaterThanOrEqualTo(CDNOW.logLikelihood(data));
        assertThat(fitted.p()).isCloseTo(6.25, within(6.25 * 0.10));
        assertThat(fitted.q()).isCloseTo(3.74, within(3.74 * 0.10));
        assertThat(fitted.gamma()).isCloseTo(15.44, within(15.44 * 0.15));
        assertThat(fitted.populationMeanValue()).isCloseTo(CDNOW.populationMeanValue(), within(1.0));
    }
}
