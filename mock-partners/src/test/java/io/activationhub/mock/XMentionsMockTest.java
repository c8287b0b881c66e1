package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.activationhub.mock.MockPartnersClient.json;
import static org.assertj.core.api.Assertions.assertThat;

class XMentionsMockTest {

    private static final String USER = "2244994945";
    private static final String MENTIONS = "/x/2/users/" + USER + "/mentions";
    private static final String[] AUTH = {"Authorization", "Bearer " + XMentionsMock.DEFAULT_BEARER_TOKEN};

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
        partners.x().restoreSeed();
        partners.x().bearerToken(XMentionsMock.DEFAULT_BEARER_TOKEN);
        partners.x().rateWindow(XMentionsMock.DEFAULT_RATE_LIMIT, XMentionsMock.DEFAULT_RATE_WINDOW);
        partners.behaviour("x").reset();
        partners.forget("x");
    }

    @Test
    void listsMentionsNewestFirstInXShape() {
        HttpResponse<String> response = client.get(MENTIONS, AUTH);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        JsonNode data = body.get("data");
        assertThat(data).hasSize(10);
        JsonNode first = data.get(0);
        assertThat(first.get("text").asText()).isNotBlank();
        assertThat(first.get("author_id").asText()).matches("\\d+");
        assertThat(first.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(first.get("public_metrics").fieldNames()).toIterable()
                .containsExactly("retweet_count", "reply_count", "like_count", "quote_count");
        assertThat(ids(data)).isSortedAccordingTo((a, b) -> new BigInteger(b).compareTo(new BigInteger(a)));
        JsonNode meta = body.get("meta");
        assertThat(meta.get("newest_id").asText()).isEqualTo(first.get("id").asText());
        assertThat(meta.get("oldest_id").asText()).isEqualTo(data.get(9).get("id").asText());
        assertThat(meta.get("result_count").asInt()).isEqualTo(10);
        assertThat(meta.get("next_token").asText()).isNotBlank();
    }

    @Test
    void pagesWithNextTokenToTheLastPage() {
        List<String> ids = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        String token = null;
        do {
            JsonNode body = json(client.get(MENTIONS + "?max_results=5"
                    + (token == null ? "" : "&pagination_token=" + token), AUTH));
            ids.addAll(ids(body.get("data")));
            counts.add(body.at("/meta/result_count").asInt());
            token = body.at("/meta").has("next_token") ? body.at("/meta/next_token").asText() : null;
        } while (token != null);

        assertThat(counts).containsExactly(5, 5, 2);
        assertThat(ids).hasSize(XMentionsMock.SEED_MENTIONS).doesNotHaveDuplicates()
                .containsExactlyElementsOf(partners.x().mentions(USER).stream().map(XMention::id).toList());
    }

    @Test
    void sinceIdReturnsOnlyNewerMentions() {
        String newest = json(client.get(MENTIONS, AUTH)).at("/meta/newest_id").asText();

        JsonNode none = json(client.get(MENTIONS + "?since_id=" + newest, AUTH));
        assertThat(none.has("data")).isFalse();
        assertThat(none.at("/meta/result_count").asInt()).isZero();
        assertThat(none.at("/meta").has("next_token")).isFalse();

        XMention inJava = partners.x().add(USER, "Added in Java", "42");
        HttpResponse<String> posted = client.post("/mock/x/items", """
                {"user_id":"%s","text":"Added over HTTP","author_id":"43",
                 "public_metrics":{"like_count":3}}""".formatted(USER));
        assertThat(posted.statusCode()).isEqualTo(201);

        JsonNode newer = json(client.get(MENTIONS + "?since_id=" + newest, AUTH));
        assertThat(newer.at("/meta/result_count").asInt()).isEqualTo(2);
        assertThat(newer.at("/data/0/text").asText()).isEqualTo("Added over HTTP");
        assertThat(newer.at("/data/0/public_metrics/like_count").asInt()).isEqualTo(3);
        assertThat(newer.at("/data/1/id").asText()).isEqualTo(inJava.id());
        assertThat(new BigInteger(inJava.id())).isGreaterThan(new BigInteger(newest));

        String latest = newer.at("/meta/newest_id").asText();
        assertThat(json(client.get(MENTIONS + "?since_id=" + latest, AUTH)).at("/meta/result_count").asInt()).isZero();
    }

    @Test
    void sinceIdCombinesWithPagination() {
        List<XMention> all = partners.x().mentions(USER);
        String since = all.get(7).id();

        JsonNode first = json(client.get(MENTIONS + "?max_results=5&since_id=" + since, AUTH));
        JsonNode second = json(client.get(MENTIONS + "?max_results=5&since_id=" + since
                + "&pagination_token=" + first.at("/meta/next_token").asText(), AUTH));

        assertThat(first.at("/meta/result_count").asInt()).isEqualTo(5);
        assertThat(second.at("/meta/result_count").asInt()).isEqualTo(2);
        assertThat(second.at("/meta").has("next_token")).isFalse();
        assertThat(second.at("/meta/oldest_id").asText()).isEqualTo(all.get(6).id());
    }

    @Test
    void rejectsMaxResultsOutOfRange() {
        for (String max : List.of("4", "101", "many")) {
            HttpResponse<String> response = client.get(MENTIONS + "?max_results=" + max, AUTH);

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("title").asText()).isEqualTo("Invalid Request");
            assertThat(body.get("type").asText()).isEqualTo("https://api.twitter.com/2/problems/invalid-request");
            assertThat(body.get("detail").asText()).isNotBlank();
        }
        assertThat(client.get(MENTIONS + "?max_results=5", AUTH).statusCode()).isEqualTo(200);
        assertThat(client.get(MENTIONS + "?max_results=100", AUTH).statusCode()).isEqualTo(200);
        assertThat(client.get(MENTIONS + "?since_id=abc", AUTH).statusCode()).isEqualTo(400);
        assertThat(client.get(MENTIONS + "?pagination_token=nonsense", AUTH).statusCode()).isEqualTo(400);
    }

    @Test
    void rejectsMissingOrWrongBearer() {
        assertThat(client.get(MENTIONS).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = client.get(MENTIONS, "Authorization", "Bearer wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("title").asText()).isEqualTo("Unauthorized");

        partners.x().bearerToken("live-like");
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(401);
        assertThat(client.get(MENTIONS, "Authorization", "Bearer live-like").statusCode()).isEqualTo(200);
    }

    @Test
    void countsDownTheDefaultWindowThen429() {
        long before = Instant.now().getEpochSecond();
        for (int i = 1; i <= XMentionsMock.DEFAULT_RATE_LIMIT; i++) {
            HttpResponse<String> ok = client.get(MENTIONS, AUTH);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-rate-limit-limit")).hasValue("15");
            assertThat(ok.headers().firstValue("x-rate-limit-remaining")).hasValue(String.valueOf(15 - i));
            long reset = Long.parseLong(ok.headers().firstValue("x-rate-limit-reset").orElseThrow());
            assertThat(reset).isBetween(before + 890, before + 905);
        }

        HttpResponse<String> limited = client.get(MENTIONS, AUTH);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("x-rate-limit-reset")).isPresent();
        assertThat(json(limited).get("title").asText()).isEqualTo("Too Many Requests");
    }

    @Test
    void rateWindowIsConfigurableAndResettableOverHttp() {
        client.post("/mock/x/behaviour", "{\"rateWindow\":{\"limit\":2,\"windowSeconds\":60}}");
        assertThat(client.get(MENTIONS, AUTH).headers().firstValue("x-rate-limit-remaining")).hasValue("1");
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(200);
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(429);

        client.post("/mock/x/behaviour", "{\"resetRateWindow\":true}");
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(200);
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(200);
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(429);

        client.post("/mock/x/behaviour", "{\"reset\":true}");
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(200);
    }

    @Test
    void windowReopensWhenItsTimeIsUp() throws Exception {
        partners.x().rateWindow(1, Duration.ofSeconds(1));
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(200);
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(429);
        Thread.sleep(1100);
        assertThat(client.get(MENTIONS, AUTH).statusCode()).isEqualTo(200);
    }

    @Test
    void recordsRequestsWithoutCredentials() {
        client.get(MENTIONS + "?max_results=5", AUTH);
        client.get(MENTIONS);

        List<RecordedRequest> received = partners.received("x");
        assertThat(received).extracting(RecordedRequest::status).containsExactly(200, 401);
        assertThat(received.get(0).query()).isEqualTo("max_results=5");
        assertThat(client.get("/mock/x/received").body()).doesNotContain(XMentionsMock.DEFAULT_BEARER_TOKEN);
    }

    private static List<String> ids(JsonNode data) {
        List<String> ids = new ArrayList<>();
        data.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
