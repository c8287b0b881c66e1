package io.activationhub.activation;

import io.activationhub.hygiene.Masking;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UnsubscribeTokensTest {

    private final UnsubscribeTokens tokens = new UnsubscribeTokens("a-secret-of-enough-length".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTokenDesignatesItsCustomerAndChannelAndCannotBeAltered() {
        String token = tokens.issue(42, "email");
        assertThat(tokens.verify(token)).contains(new UnsubscribeTokens.Subject(42, "email"));
        assertThat(tokens.verify(token.replace("42.", "43."))).isEmpty();
        assertThat(tokens.verify(token.replace(".email.", ".sms."))).isEmpty();
        assertThat(tokens.verify(token.substring(0, token.length() - 1) + "x")).isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        UnsubscribeTokens other = new UnsubscribeTokens("another-secret-1234567".getBytes(StandardCharsets.UTF_8));
        assertThat(other.verify(token)).isEmpty();
    }

    @Test
    void masksPersonalDataForLogs() {
        assertThat(Masking.email("delphine.pilliard@gmail.com")).isEqualTo("d***@gmail.com");
        assertThat(Masking.phone("+33612345678")).isEqualTo("+33***78");
        EmailMessage m = new EmailMessage(1, 2, "a", 3, "delphine@x.org", "s", "b", "u", "m");
        assertThat(m.toString()).doesNotContain("delphine@").contains("d***@x.org");
    }
}
