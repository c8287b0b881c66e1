package io.activationhub.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ControlGroupTest {

    @Test
    void theDrawIsTheFirst53BitsOfSha256AsAFraction() {
        // SHA-256("spring-sale:42") starts with ad6aff2d29dc1483: (0xad6aff2d29dc1483 >>> 11) / 2^53 = 0.6774138913404928
        ControlGroup group = new ControlGroup("spring-sale", 0.1);
        assertThat(group.draw(42)).isEqualTo(0.6774138913404928);
        assertThat(group.draw(42)).isEqualTo(expectedDraw("spring-sale:42"));
        assertThat(group.holdsOut(42)).isFalse();
        assertThat(new ControlGroup("spring-sale", 0.7).holdsOut(42)).isTrue();
    }

    @Test
    void aCustomerIsInOrOutTheSameWayEveryTime() {
        ControlGroup first = new ControlGroup("winback-2026", 0.2);
        ControlGroup again = new ControlGroup("winback-2026", 0.2);
        for (long id = 1; id <= 2_000; id++) {
            assertThat(again.holdsOut(id)).isEqualTo(first.holdsOut(id));
            assertThat(again.draw(id)).isEqualTo(first.draw(id));
        }
        // a larger share keeps everyone who was already held out
        ControlGroup larger = new ControlGroup("winback-2026", 0.3);
        for (long id = 1; id <= 2_000; id++) {
            if (first.holdsOut(id)) {
                assertThat(larger.holdsOut(id)).isTrue();
            }
        }
    }

    @Test
    void theHeldOutShareMatchesTheRequestedShare() {
        int n = 200_000;
        for (double share : new double[]{0.05, 0.1, 0.5}) {
            ControlGroup group = new ControlGroup("campaign-" + share, share);
            int held = 0;
            for (long id = 1; id <= n; id++) {
                if (group.holdsOut(id)) {
                    held++;
                }
            }
            // binomial standard deviation sqrt(n s (1-s)) is at most 224 here: 5 of them
            assertThat((double) held).isCloseTo(n * share, within(5 * Math.sqrt(n * share * (1 - share))));
        }
        assertThat(countHeld(new ControlGroup("none", 0), 10_000)).isZero();
        assertThat(countHeld(new ControlGroup("all", 1), 10_000)).isEqualTo(10_000);
    }

    @Test
    void campaignsDrawIndependently() {
        ControlGroup a = new ControlGroup("campaign-a", 0.5);
        ControlGroup b = new ControlGroup("campaign-b", 0.5);
        int both = 0;
        int n = 100_000;
        for (long id = 1; id <= n; id++) {
            if (a.holdsOut(id) && b.holdsOut(id)) {
                both++;
            }
        }
        // independent halves overlap on a quarter (sd = sqrt(n 0.25 0.75) = 137)
        assertThat((double) both).isCloseTo(n * 0.25, within(5 * 137.0));
    }

    @Test
    void refusesSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> new ControlGroup("x", 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ControlGroup("x", -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ControlGroup(" ", 0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int countHeld(ControlGroup group, int n) {
        int held = 0;
        for (long id = 1; id <= n; id++) {
            held += group.holdsOut(id) ? 1 : 0;
        }
        return held;
    }

    private static double expectedDraw(String input) {
        String hex = org.apache.commons.codec.digest.DigestUtils.sha256Hex(input).substring(0, 16);
        return (Long.parseUnsignedLong(hex, 16) >>> 11) / Math.pow(2, 53);
    }
}
