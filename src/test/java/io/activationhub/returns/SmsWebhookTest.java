package io.activationhub.returns;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** SMS gateway webhooks: signed status callbacks and STOP replies suppress the number and withdraw SMS consent. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/sms-webhooks",
        "hub.routes-dir=target/test-hubs/sms-webhooks/routes",
        "hub.audiences-dir=target/test-hubs/sms-webhooks/audiences",
        "hub.social.graph.app-secret=test-app-secret",
        "hub.social.graph.verify-token=test-verify-token",
        "hub.channels.sms.auth-token=test-sms-token"})
@ActiveProfiles("test")
class SmsWebhookTest {

    @BeforeAll
    static void home() {
        io.activationhub.HubTestFiles.freshHome("sms-webhooks");
    }

    @LocalServerPort
    int port;
    @Value("${hub.public-url}")
    String publicUrl;
    @Autowired
    JdbcTemplate jdbc;
    private final HttpClient client = HttpClient.newHttpClient();

    private int post(String path, Map<String, String> form, String signature) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String sign(String path, Map<String, String> form) {
        return TwilioSignature.compute("test-sms-token", publicUrl + path, form);
    }

    private long customerWithMobile(String mobile) {
        long id = jdbc.queryForObject("insert into customer (first_name, mobile) values ('Sms', ?) returning id", Long.class, mobile);
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                values (?, 'sms', 'granted', 'consent', 'test', 'test', now() - interval '1 day')""", id);
        return id;
    }

    private String smsConsent(long customer) {
        return jdbc.queryForObject("select status from consent_current where customer_id = ? and channel = 'sms'",
                String.class, customer);
    }

    private long suppressed(String mobile) {
        return jdbc.queryForObject("select count(*) from suppression where channel = 'sms' and address_hash = ?",
                Long.class, io.activationhub.privacy.Identifiers.sha256(mobile));
    }

    @Test
    void aStopReplySuppressesTheNumberAndWithdrawsSmsConsent() throws Exception {
        long customer = customerWithMobile("+33611111111");
        Map<String, String> form = new LinkedHashMap<>(Map.of("From", "+33611111111", "To", "+33700000000",
                "Body", "Stop SMS", "MessageSid", "SM0123456789abcdef0123456789abcdef"));
        assertThat(post("/webhooks/sms/inbound", form, null)).isEqualTo(403);
        assertThat(post("/webhooks/sms/inbound", form, "forged")).isEqualTo(403);
        assertThat(smsConsent(customer)).isEqualTo("granted");
        assertThat(post("/webhooks/sms/inbound", form, sign("/webhooks/sms/inbound", form))).isEqualTo(200);
        assertThat(smsConsent(customer)).isEqualTo("withdrawn");
        assertThat(suppressed("+33611111111")).isEqualTo(1);

        long other = customerWithMobile("+33622222222");
        Map<String, String> hello = Map.of("From", "+33622222222", "Body", "Merci !");
        assertThat(post("/webhooks/sms/inbound", hello, sign("/webhooks/sms/inbound", hello))).isEqualTo(200);
        assertThat(smsConsent(other)).isEqualTo("granted");
        assertThat(suppressed("+33622222222")).isZero();
    }

    @Test
    void statusCallbacksAreRecordedAndError21610ActsAsAStop() throws Exception {
        long customer = customerWithMobile("+33633333333");
        Map<String, String> delivered = Map.of("MessageSid", "SMaaaa", "MessageStatus", "delivered", "To", "+33633333333");
        assertThat(post("/webhooks/sms/status", delivered, sign("/webhooks/sms/status", delivered))).isEqualTo(204);
        Map<String, String> refused = Map.of("MessageSid", "SMbbbb", "MessageStatus", "undelivered", "ErrorCode", "21610",
                "To", "+33633333333");
        assertThat(post("/webhooks/sms/status", refused, sign("/webhooks/sms/status", refused))).isEqualTo(204);
        assertThat(jdbc.queryForList("select status from sms_status where message_sid in ('SMaaaa','SMbbbb') order by message_sid",
                String.class)).containsExactly("delivered", "undelivered");
        assertThat(smsConsent(customer)).isEqualTo("withdrawn");
        assertThat(suppressed("+33633333333")).isEqualTo(1);

        Map<String, String> bad = Map.of("MessageSid", "SMcccc", "MessageStatus", "exploded", "To", "+33633333333");
        assertThat(post("/webhooks/sms/status", bad, sign("/webhooks/sms/status", bad))).isEqualTo(400);
    }

    @Test
    void theSignatureIsTheGatewaysKnownAlgorithm() {
        // HMAC-SHA1 over URL + sorted key/value pairs, Base64: recomputed independently here
        Map<String, String> p = Map.of("b", "2", "a", "1");
        String expected = java.util.Base64.getEncoder().encodeToString(hmacSha1("k", "https://h/x" + "a1b2"));
        assertThat(TwilioSignature.compute("k", "https://h/x", p)).isEqualTo(expected);
        assertThat(TwilioSignature.verify("k", "https://h/x", p, expected)).isTrue();
        assertThat(TwilioSignature.verify("k", "https://h/y", p, expected)).isFalse();
    }

    private static byte[] hmacSha1(String key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
