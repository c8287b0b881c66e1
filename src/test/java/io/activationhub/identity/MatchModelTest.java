package io.activationhub.identity;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MatchModelTest {

    /** A random agreement pattern: each field missing or at one of its levels. */
    private static int randomPattern(Random rnd) {
        int p = 0;
        for (int f = MatchModel.FIELDS.length - 1; f >= 0; f--) {
            p = p * 5 + rnd.nextInt(MatchModel.FIELDS[f].levels() + 1);
        }
        return p;
    }

    @Test
    void weightsAndPosteriorsWorkedOutOnceAreThoseOfTheFormula() {
        MatchModel model = MatchModel.defaults().withPrior(0.01);
        MatchModel other = MatchModel.defaults().withPrior(0.3);
        Random rnd = new Random(7);
        double priorBits = Math.log(0.01 / 0.99) / Math.log(2);
        // more patterns than are kept: those past the bound are worked out each time, with the same result
        for (int i = 0; i < 20_000; i++) {
            int p = randomPattern(rnd);
            double w = model.weight(p);
            assertThat(model.weight(p)).isEqualTo(w);
            assertThat(model.posterior(p)).isEqualTo(model.posterior(p, 0))
                    .isCloseTo(1 / (1 + Math.pow(2, -(w + priorBits))), within(1e-12));
            assertThat(model.posterior(p, 1.5)).isCloseTo(1 / (1 + Math.pow(2, -(w + 1.5 + priorBits))), within(1e-12));
            // another prior: the same weight, its own posterior
            assertThat(other.weight(p)).isEqualTo(w);
            assertThat(other.posterior(p)).isCloseTo(1 / (1 + Math.pow(2, -(w + Math.log(0.3 / 0.7) / Math.log(2)))),
                    within(1e-12));
        }
        // the weight sums each field's log2(m/u), the address fields capped together
        int allExact = 0;
        for (int f = MatchModel.FIELDS.length - 1; f >= 0; f--) {
            allExact = allExact * 5 + 1;
        }
        double expected = 0;
        double address = 0;
        for (Field f : MatchModel.FIELDS) {
            double fw = Math.log(0.85 / 0.02) / Math.log(2);
            if (f.isAddress()) {
                address += fw;
            } else {
                expected += fw;
            }
        }
        assertThat(model.weight(allExact)).isCloseTo(expected + Math.min(address, MatchModel.ADDRESS_CAP), within(1e-9));
    }
}
