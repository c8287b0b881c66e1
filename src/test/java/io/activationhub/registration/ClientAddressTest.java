package io.activationhub.registration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "127.0.0.1 | null                          | 127.0.0.1",
            "10.0.0.5  | 203.0.113.7                   | 203.0.113.7",
            "10.0.0.5  | 203.0.113.7, 10.0.0.1         | 203.0.113.7",
            "10.0.0.5  | 203.0.113.7:51234             | 203.0.113.7",
            "10.0.0.5  | 2001:db8::1, 10.0.0.1         | 2001:db8::1",
            "10.0.0.5  | [2001:db8::1]:443             | 2001:db8::1",
            "10.0.0.5  | unknown                       | 10.0.0.5",
            "10.0.0.5  | <script>                      | 10.0.0.5",
            "10.0.0.5  | ''                            | 10.0.0.5"})
    void theClientIsTheLeftMostForwardedAddressOrThePeer(String peer, String forwardedFor, String expected) {
        assertThat(ClientAddress.of(peer, forwardedFor)).isEqualTo(expected);
    }
}
