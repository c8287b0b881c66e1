package io.activationhub.identity;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The public Febrl benchmark, dataset 1 (1,000 records): F1 of at least 0.95 without looking at the truth. */
class FebrlLinkageTest {

    @Test
    void dataset1IsResolvedWithAnF1OfAtLeast095() throws IOException {
        Febrl.DataSet data = Febrl.read(Febrl.home().resolve("dataset1.csv"));
        IdentityIndex index = new IdentityIndex();
        index.resolve(data.records());
        LinkageScore score = LinkageScore.of(index.persons(), data.truth());
        System.out.println("Febrl dataset1: " + score);
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.95);
    }
}
