package io.activationhub.identity;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FrenchPeopleTest {

    @Test
    void nineteenStreetsAreTheUsualDataAndMoreStreetsSpreadTheSamePeople() {
        FrenchPeople.DataSet usual = FrenchPeople.generate(2_000, 0.1, 3);
        assertThat(FrenchPeople.generate(2_000, 0.1, 3, 19).records()).isEqualTo(usual.records());

        FrenchPeople.DataSet spread = FrenchPeople.generate(2_000, 0.1, 3, 400);
        assertThat(spread.records()).hasSameSizeAs(usual.records());
        assertThat(spread.truth()).isEqualTo(usual.truth());
        Set<String> usualStreets = usual.records().stream().map(PersonRecord::street).map(s -> s.substring(s.indexOf(' ') + 1))
                .collect(Collectors.toSet());
        Set<String> spreadStreets = spread.records().stream().map(PersonRecord::street).map(s -> s.substring(s.indexOf(' ') + 1))
                .collect(Collectors.toSet());
        assertThat(usualStreets).hasSizeLessThanOrEqualTo(19);
        assertThat(spreadStreets).hasSizeGreaterThan(300);
        assertThat(FrenchPeople.street(250)).isEqualTo(FrenchPeople.street(250)).matches("[A-Z]+ [A-Z]+");
    }
}
