package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.activationhub.mock.MockPartnersClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The misbehaviour every HTTP partner shares: forced failures, rate limits, latency, dropped connections. */
class MisbehaviourTest {

    private static final Map<String, String> OK_PATHS = Map.of(
            "graph", "/graph/v21.0/1784/comments?access_token=" + GraphSocialMock.DEFAULT_ACCESS_TOKEN,
            "x", "/x/2/users/2244994945/mentions",
            "weather", "/weather/v1/forecast?latitude=48.85&longitude=2.35&daily=temperature_2m_max");

    private static MockPartners partners;
    private static MockPartnersClient client;

    @BeforeAll
    static void start() throws Exception {
        partners = MockPartners.start("127.0.0.1", 0, 0);
        client = new MockPartnersClient(partners);
    }

    @AfterAll
    static void stop() {
        partners.close();
    }

    @BeforeEach
    void clean() {
        for (String partner : List.of("graph", "x", "weather")) {
            partners.behaviour(partner).reset();
            partners.forget(partner);
        }
    }

    private static HttpResponse<String> call(String partner) {
        return partner.equals("x")
                ? client.get(OK_PATHS.get(partner), "Authorization", "Bearer " + XMentionsMock.DEFAULT_BEARER_TOKEN)
                : client.get(OK_PATHS.get(partner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph", "x", "weather"})
    void failsTwiceWith503ThenRecovers(String partner) {
        HttpResponse<String> set = client.post("/mock/" + partner + "/behaviour", "{\"failWith\":503,\"times\":2}");
        assertThat(set.statusCode()).isEqualTo(200);

        HttpResponse<String> first = call(partner);
        HttpResponse<String> second = call(partner);
        HttpResponse<String> third = call(partner);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        JsonNode error = json(first);
        switch (partner) {
            case "graph" -> assertThat(error.at("/error/code").asInt()).isEqualTo(2);
            case "x" -> assertThat(error.get("status").asInt()).isEqualTo(503);
            default -> assertThat(error.get("error").asBoolean()).isTrue();
        }
        assertThat(partners.received(partner)).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph", "x", "weather"})
    void rateLimitsWithRetryAfterThenRecovers(String partner) {
        client.post("/mock/" + partner + "/behaviour",
                "{\"rateLimit\":{\"status\":429,\"retryAfterSeconds\":2,\"times\":3}}");

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> limited = call(partner);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        }
        assertThat(call(partner).statusCode()).isEqualTo(200);
    }

    @Test
    void partnersAddTheirOwnRateLimitSignals() {
        partners.behaviour("x").rateLimit(429, 30, 1);
        partners.behaviour("graph").rateLimit(400, 120, 1);

        HttpResponse<String> x = call("x");
        HttpResponse<String> graph = call("graph");

        assertThat(x.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(Long.parseLong(x.headers().firstValue("x-rate-limit-reset").orElseThrow()))
                .isGreaterThan(System.currentTimeMillis() / 1000 + 20);
        assertThat(graph.statusCode()).isEqualTo(400);
        assertThat(json(graph).at("/error/code").asInt()).isEqualTo(4);
        assertThat(graph.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow())
                .contains("\"estimated_time_to_regain_access\":2");
    }

    @Test
    void failsUntilResetWhenNoTimesAreGiven() {
        partners.behaviour("weather").failWith(500);
        assertThat(call("weather").statusCode()).isEqualTo(500);
        assertThat(call("weather").statusCode()).isEqualTo(500);

        client.post("/mock/weather/behaviour", "{\"reset\":true}");
        assertThat(call("weather").statusCode()).isEqualTo(200);
    }

    @Test
    void addsLatency() {
        client.post("/mock/weather/behaviour", "{\"latencyMs\":300}");

        long started = System.nanoTime();
        assertThat(call("weather").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(json(client.get("/mock/weather/behaviour")).get("latencyMs").asInt()).isEqualTo(300);
    }

    @Test
    void dropsTheConnectionThenAnswers() throws Exception {
        partners.behaviour("graph").dropConnections(1);

        assertThat(client.rawGet(OK_PATHS.get("graph"))).isEmpty();
        assertThat(client.rawGet(OK_PATHS.get("graph"))).startsWith("HTTP/1.1 200");
        assertThat(call("graph").statusCode()).isEqualTo(200);
        assertThat(partners.received("graph")).extracting(RecordedRequest::status).containsExactly(0, 200, 200);
    }

    @Test
    void rejectsUnknownOrInvalidSettings() {
        assertThat(client.post("/mock/graph/behaviour", "{\"latency\":300}").statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/graph/behaviour", "{\"failWith\":200}").statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/graph/behaviour", "{\"failWith\":503,\"times\":0}").statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/graph/behaviour", "not json").statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/weather/behaviour", "{\"bearerToken\":\"t\"}").statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/nobody/behaviour", "{}").statusCode()).isEqualTo(404);

        assertThat(client.post("/mock/graph/behaviour", "{\"latencyMs\":300,\"failWith\":200}").statusCode())
                .isEqualTo(400);
        assertThat(partners.behaviour("graph").describe()).containsEntry("latencyMs", 0L).doesNotContainKey("failWith");
    }

    @Test
    void indexListsEveryPartnerWithCounts() {
        call("graph");
        call("graph");
        call("weather");
        partners.behaviour("x").failWith(502, 1);

        JsonNode index = json(client.get("/mock"));

        assertThat(index.fieldNames()).toIterable().containsExactly("smtp", "graph", "x", "weather", "twilio", "meta", "google");
        assertThat(index.at("/graph/count").asInt()).isEqualTo(2);
        assertThat(index.at("/weather/count").asInt()).isEqualTo(1);
        assertThat(index.at("/x/count").asInt()).isZero();
        assertThat(index.at("/x/behaviour/failWith").asInt()).isEqualTo(502);
        assertThat(index.at("/smtp/count").asInt()).isZero();
    }

    @Test
    void unknownPathsUnderAPrefixAreAnsweredAndRecorded() {
        assertThat(client.get("/weather/v2/whatever").statusCode()).isEqualTo(404);
        assertThat(client.get("/mock/graph/nothing").statusCode()).isEqualTo(404);
        assertThat(partners.received("weather")).extracting(RecordedRequest::status).containsExactly(404);
    }

    @Test
    void javaApiRefusesSmtpMisbehaviourAndUnknownPartners() {
        assertThatThrownBy(() -> partners.behaviour("smtp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> partners.received("fax")).isInstanceOf(IllegalArgumentException.class);
        assertThat(partners.partners()).containsExactlyInAnyOrder("smtp", "graph", "x", "weather", "twilio", "meta", "google");
    }
}
