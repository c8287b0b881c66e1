package io.activationhub.customer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostalAddressKeyTest {

    @Test
    void theSameAddressWrittenDifferentlyHasOneKey() {
        String key = PostalAddressKey.of(null, null, "4 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR");
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(PostalAddressKey.of("", " ", "4, av. Desfeux", null, "92 100", "Boulogne-Billancourt", null)).isEqualTo(key);
        assertThat(PostalAddressKey.of(null, null, "4 av Desfeux", "", "92100", "boulogne  billancourt", "fr")).isEqualTo(key);
    }

    @Test
    void accentsAndLigaturesAreFolded() {
        assertThat(PostalAddressKey.normalise("Résidence Les Œillets, bât. É")).isEqualTo("RESIDENCE LES OEILLETS BAT E");
        assertThat(PostalAddressKey.of(null, "Résidence Les Œillets", "1 rue de l'Église", null, "75001", "Paris", null))
                .isEqualTo(PostalAddressKey.of(null, "RESIDENCE LES OEILLETS", "1 RUE DE L EGLISE", null, "75001", "PARIS", "FR"));
    }

    @Test
    void anotherAddressHasAnotherKeyAndAnIncompleteAddressHasNone() {
        String a = PostalAddressKey.of(null, null, "4 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR");
        assertThat(PostalAddressKey.of(null, null, "6 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR")).isNotEqualTo(a);
        assertThat(PostalAddressKey.of("APT 12", null, "4 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR")).isNotEqualTo(a);
        assertThat(PostalAddressKey.of(null, null, null, null, "92100", "BOULOGNE", "FR")).isNull();
        assertThat(PostalAddressKey.of(null, null, "4 AV DESFEUX", null, null, null, "FR")).isNull();
    }
}
