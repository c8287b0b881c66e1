package io.activationhub.registration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    private final ClientAddress defaults = new ClientAddress(ClientAddress.DEFAULT_TRUSTED_PROXIES);

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // no header: the connecting address
            "127.0.0.1       | null                                | 127.0.0.1",
            // through a proxy of the site's network: the address it saw
            "10.0.0.5        | 203.0.113.7                         | 203.0.113.7",
            "10.0.0.5        | 203.0.113.7, 10.0.0.1               | 203.0.113.7",
            "192.168.1.2     | 203.0.113.7, 172.16.4.4, 10.0.0.1   | 203.0.113.7",
            "0:0:0:0:0:0:0:1 | 203.0.113.7                         | 203.0.113.7",
            "10.0.0.5        | 203.0.113.7:51234                   | 203.0.113.7",
            "10.0.0.5        | 2001:db8::1, 10.0.0.1               | 2001:db8::1",
            "10.0.0.5        | [2001:db8::1]:443                   | 2001:db8::1",
            // a client that writes the header itself: what it wrote, on the left, is not taken
            "10.0.0.5        | 198.51.100.9, 203.0.113.7           | 203.0.113.7",
            "10.0.0.5        | 10.9.9.9, 203.0.113.7               | 203.0.113.7",
            // a request straight from the internet: its header is not read at all
            "203.0.113.50    | 198.51.100.9                        | 203.0.113.50",
            "203.0.113.50    | 10.0.0.1                            | 203.0.113.50",
            // every hop a trusted proxy: the left-most
            "10.0.0.5        | 10.0.0.7, 10.0.0.1                  | 10.0.0.7",
            // something that is not an address: reading stops, the last address read is the client
            "10.0.0.5        | unknown                             | 10.0.0.5",
            "10.0.0.5        | <script>                            | 10.0.0.5",
            "10.0.0.5        | ''                                  | 10.0.0.5",
            "10.0.0.5        | 203.0.113.7, unknown                | 10.0.0.5",
            "10.0.0.5        | unknown, 10.0.0.1                   | 10.0.0.1",
            "10.0.0.5        | 999.1.1.1                           | 10.0.0.5"})
    void theClientIsTheFirstAddressFromTheRightThatIsNotATrustedProxy(String peer, String forwardedFor, String expected) {
        assertThat(defaults.of(peer, forwardedFor)).isEqualTo(expected);
    }

    @Test
    void trustedProxiesAreConfiguredAsAddressesAndRanges() {
        ClientAddress onlyOne = new ClientAddress(" 192.0.2.10 , 2001:db8:1::/48");
        assertThat(onlyOne.of("192.0.2.10", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(onlyOne.of("192.0.2.11", "203.0.113.7")).isEqualTo("192.0.2.11");
        assertThat(onlyOne.of("2001:db8:1:ffff::1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(onlyOne.of("2001:db8:2::1", "203.0.113.7")).isEqualTo("2001:db8:2::1");
        // the site's own network is no longer trusted: its proxy's address is the client
        assertThat(onlyOne.of("192.0.2.10", "203.0.113.7, 10.0.0.1")).isEqualTo("10.0.0.1");
        ClientAddress none = new ClientAddress("");
        assertThat(none.of("127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
        ClientAddress oddPrefix = new ClientAddress("10.1.0.0/17");
        assertThat(oddPrefix.of("10.1.127.255", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(oddPrefix.of("10.1.128.0", "203.0.113.7")).isEqualTo("10.1.128.0");
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressIsRefusedByName() {
        assertThatThrownBy(() -> new ClientAddress("10.0.0.0/8, proxy.example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'proxy.example.org'");
        assertThatThrownBy(() -> new ClientAddress("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of 0-32");
    }
}
