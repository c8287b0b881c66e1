package io.activationhub.mock;

import com.sun.net.httpserver.HttpServer;
import io.activationhub.channel.SmsGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Twilio-style SMS gateway mock, driven by the hub's own client ({@link SmsGateway}). */
class TwilioSmsMockTest {

    static MockPartners partners;
    static HttpServer hub;
    static final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
    static final List<String> signatures = new CopyOnWriteArrayList<>();
    static String callbackUrl;
    SmsGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        partners = MockPartners.start("127.0.0.1", 0, 0);
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/webhooks/sms/status", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            callbacks.add(form);
            signatures.add(ex.getRequestHeaders().getFirst("X-Twilio-Signature"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hub.start();
        callbackUrl = "http://127.0.0.1:" + hub.getAddress().getPort() + "/webhooks/sms/status";
    }

    @AfterAll
    static void stop() {
        hub.stop(0);
        partners.close();
    }

    @BeforeEach
    void reset() {
        partners.behaviour("twilio").reset();
        partners.sms().clear();
        partners.forget("twilio");
        callbacks.clear();
        signatures.clear();
        gateway = new SmsGateway(partners.baseUrl() + "/twilio", partners.sms().accountSid(), partners.sms().authToken(),
                Duration.ofSeconds(5));
    }

    @Test
    void acceptsAFormEncodedMessageAndPostsSignedStatusCallbacks() {
        SmsGateway.Outcome out = gateway.send("+33612345678", "Maison", "Maison: -20% ce week-end\nSTOP SMS au 36111", callbackUrl);
        assertThat(out.kind()).isEqualTo(SmsGateway.Outcome.Kind.ACCEPTED);
        assertThat(out.sid()).matches("SM[0-9a-f]{32}");
        assertThat(out.httpStatus()).isEqualTo(201);
        TwilioSmsMock.Message m = partners.sms().message(out.sid()).orElseThrow();
        assertThat(m.to()).isEqualTo("+33612345678");
        assertThat(m.from()).isEqualTo("Maison");
        assertThat(m.encoding()).isEqualTo("GSM-7");
        assertThat(m.numSegments()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 2);
        assertThat(callbacks).extracting(c -> c.get("MessageStatus")).containsExactly("sent", "delivered");
        assertThat(callbacks.get(0)).containsEntry("MessageSid", out.sid()).containsEntry("To", "+33612345678");
        // the hub verifies with its own implementation of Twilio's signature
        assertThat(io.activationhub.returns.TwilioSignature.verify(partners.sms().authToken(), callbackUrl,
                callbacks.get(0), signatures.get(0))).isTrue();
        assertThat(partners.received("twilio")).hasSize(1);
    }

    @Test
    void refusesWithTwilioErrorCodes() {
        assertThat(gateway.send("0612345678", "Maison", "x", null).errorCode()).isEqualTo(21211);
        assertThat(gateway.send("+33141220192", "Maison", "x", null).errorCode()).isEqualTo(21614);
        partners.sms().addToStopList("+33698765432");
        SmsGateway.Outcome stop = gateway.send("+33698765432", "Maison", "x", null);
        assertThat(stop.kind()).isEqualTo(SmsGateway.Outcome.Kind.REFUSED);
        assertThat(stop.errorCode()).isEqualTo(21610);
        assertThat(gateway.send("+33612345678", "Maison", "x".repeat(1601), null).errorCode()).isEqualTo(21617);
        SmsGateway wrongToken = new SmsGateway(partners.baseUrl() + "/twilio", partners.sms().accountSid(), "nope", Duration.ofSeconds(5));
        SmsGateway.Outcome auth = wrongToken.send("+33612345678", "Maison", "x", null);
        assertThat(auth.httpStatus()).isEqualTo(401);
        assertThat(auth.errorCode()).isEqualTo(20003);
    }

    @Test
    void jsonIsNotAcceptedOnlyForms() throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString((partners.sms().accountSid() + ":"
                + partners.sms().authToken()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(partners.baseUrl()
                        + "/twilio/2010-04-01/Accounts/" + partners.sms().accountSid() + "/Messages.json"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"To\":\"+33612345678\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void rateLimitAndOutagesAreRetryableWithRetryAfter() {
        partners.behaviour("twilio").rateLimit(429, 2, 1);
        SmsGateway.Outcome limited = gateway.send("+33612345678", "Maison", "x", null);
        assertThat(limited.kind()).isEqualTo(SmsGateway.Outcome.Kind.RETRY);
        assertThat(limited.errorCode()).isEqualTo(20429);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        partners.behaviour("twilio").failWith(503, 1);
        assertThat(gateway.send("+33612345678", "Maison", "x", null).kind()).isEqualTo(SmsGateway.Outcome.Kind.RETRY);
        partners.behaviour("twilio").dropConnections(1);
        assertThat(gateway.send("+33612345678", "Maison", "x", null).kind()).isEqualTo(SmsGateway.Outcome.Kind.RETRY);
        assertThat(gateway.send("+33612345678", "Maison", "x", null).kind()).isEqualTo(SmsGateway.Outcome.Kind.ACCEPTED);
    }

    @Test
    void configuredNumbersEndUndeliveredWithTheirErrorCode() {
        partners.sms().failDelivery("+33611111111", "undelivered", 30003);
        SmsGateway.Outcome out = gateway.send("+33611111111", "Maison", "x", callbackUrl);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 2);
        assertThat(callbacks.get(1)).containsEntry("MessageStatus", "undelivered").containsEntry("ErrorCode", "30003");
        assertThat(partners.sms().message(out.sid()).orElseThrow().status()).isEqualTo("undelivered");
    }
}
