package io.activationhub.customer;

import io.activationhub.consent.ConsentStatus;
import io.activationhub.feed.DataQualityCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MemberCleanerTest {

    private final MemberCleaner cleaner = new MemberCleaner();

    private static RawMember member(String first, String last, String contact, String optIn) {
        return new RawMember(1, "C1", "S1", null, null, first, last, contact, null, "jean.dupont@free.fr", null,
                "06 71 42 38 95", "4 rue des Lilas", null, null, null, "44000", "Nantes", "FR", optIn, optIn, optIn, optIn);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} / {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Jean  | Dupont DCD        | NULL",
            "Jean  | Dupont (décédé)   | NULL",
            "NULL  | NULL              | M. Jean Dupont (décédé)",
    })
    void aMemberMarkedDeceasedCanBeReachedOnNoChannelWhateverTheOptIns(String first, String last, String contact) {
        DataQualityCounts counts = new DataQualityCounts();
        CleanMember m = cleaner.clean(member(first, last, contact, "1"), counts);
        assertThat(m.lastName()).isEqualTo("Dupont");
        assertThat(new ConsentStatus[]{m.optinEmail(), m.optinSms(), m.optinPostal(), m.optinAds()})
                .containsOnly(ConsentStatus.WITHDRAWN);
        assertThat(counts.counts().keySet()).anyMatch(k -> k.code().equals("DECEASED"));
    }

    @ParameterizedTest(name = "[{index}] opt-in {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"1 | GRANTED", "0 | DENIED", "NULL | NULL"})
    void otherwiseTheFilesOptInsAreKept(String optIn, ConsentStatus expected) {
        CleanMember m = cleaner.clean(member("Jean", "Dupont", null, optIn));
        assertThat(m.optinEmail()).isEqualTo(expected);
        assertThat(m.optinAds()).isEqualTo(expected);
    }
}
