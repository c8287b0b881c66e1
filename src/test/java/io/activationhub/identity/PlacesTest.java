package io.activationhub.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlacesTest {

    private static PersonRecord at(String number, String street, String postcode, String city) {
        return new PersonRecord("x", null, null, null, null, "Delphine", "Pilliard", number, street, postcode, city,
                null, null);
    }

    @Test
    void onePlaceWrittenMoreOrLessCompletelyAndTwoPlaces() {
        PersonRecord home = at("4", "AV DESFEUX", "92100", "BOULOGNE BILLANCOURT");
        Object[][] cases = {
                // other address, one place?
                {at("4", "av. Desfeux", "92100", "Boulogne-Billancourt"), true},
                {at(null, "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT"), true},   // no number, another street type
                {at("4", "AV DESFEIX", "92100", "BOULOGNE BILLANCOURT"), true},     // a typo in the street
                {at("4", "AV DESFEUX", null, "BOULOGNE"), true},                   // no postcode, town shortened
                {at(null, null, "92100", null), true},                             // nothing but the postcode
                {at("14", "AV DESFEUX", "92100", "BOULOGNE BILLANCOURT"), false},  // another number
                {at("4", "RUE DE PARIS", "92100", "BOULOGNE BILLANCOURT"), false}, // another street
                {at("4", "AV DESFEUX", "92190", "MEUDON"), false},                  // another postcode
                {at("4", "AV DESFEUX", null, "LYON"), false},                       // no postcode, another town
        };
        for (Object[] c : cases) {
            PersonRecord other = (PersonRecord) c[0];
            assertThat(Places.samePlace(home, other)).as(other.streetNumber() + " " + other.street() + " "
                    + other.postcode() + " " + other.city()).isEqualTo(c[1]);
            assertThat(Places.samePlace(other, home)).isEqualTo(c[1]);
        }
    }
}
