package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.activationhub.mock.MockPartnersClient.json;
import static org.assertj.core.api.Assertions.assertThat;

class GraphSocialMockTest {

    private static final String TOKEN = GraphSocialMock.DEFAULT_ACCESS_TOKEN;
    private static final String COMMENTS = "/graph/v21.0/17841400000000001/comments";

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
        partners.graph().restoreSeed();
        partners.graph().accessToken(TOKEN);
        partners.forget("graph");
    }

    @Test
    void listsSeededCommentsNewestFirstInGraphShape() {
        HttpResponse<String> response = client.get(COMMENTS + "?access_token=" + TOKEN
                + "&fields=id,timestamp,text,username,like_count,from%7Bid,username%7D");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        JsonNode data = body.get("data");
        assertThat(data).hasSize(GraphSocialMock.SEED_ITEMS);
        JsonNode first = data.get(0);
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000");
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-11-20T10:15:00+0000");
        assertThat(first.get("text").asText()).isNotBlank();
        assertThat(first.get("like_count").isInt()).isTrue();
        assertThat(first.at("/from/username").asText()).isEqualTo(first.get("username").asText());
        assertThat(first.at("/from/id").asText()).isNotBlank();
        List<String> timestamps = new ArrayList<>();
        data.forEach(item -> timestamps.add(item.get("timestamp").asText()));
        assertThat(timestamps).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(body.at("/paging/cursors/before").asText()).isNotBlank();
        assertThat(body.at("/paging/cursors/after").asText()).isNotBlank();
        assertThat(body.at("/paging").has("next")).isFalse();
    }

    @Test
    void seedIsDeterministic() {
        String url = COMMENTS + "?access_token=" + TOKEN;
        JsonNode first = json(client.get(url)).get("data");
        partners.graph().restoreSeed();
        assertThat(json(client.get(url)).get("data")).isEqualTo(first);
    }

    @Test
    void fieldsRestrictTheAnswerButKeepTheId() {
        JsonNode item = json(client.get(COMMENTS + "?access_token=" + TOKEN + "&fields=text")).at("/data/0");

        assertThat(item.fieldNames()).toIterable().containsExactly("id", "text");
    }

    @Test
    void pagesThroughToTheLastPageWithFullNextUrls() {
        List<String> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String url = COMMENTS + "?access_token=" + TOKEN + "&limit=3";
        while (url != null) {
            JsonNode body = json(client.get(url));
            body.get("data").forEach(item -> ids.add(item.get("id").asText()));
            sizes.add(body.get("data").size());
            JsonNode next = body.at("/paging/next");
            url = next.isMissingNode() ? null : next.asText();
            if (url != null) {
                assertThat(url).startsWith(partners.baseUrl() + COMMENTS + "?").contains("after=").contains("limit=3");
            }
        }

        assertThat(sizes).containsExactly(3, 3, 1);
        List<String> all = new ArrayList<>();
        json(client.get(COMMENTS + "?access_token=" + TOKEN)).get("data").forEach(i -> all.add(i.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(all).doesNotHaveDuplicates();
    }

    @Test
    void pageAfterTheLastItemIsEmpty() {
        JsonNode last = json(client.get(COMMENTS + "?access_token=" + TOKEN + "&limit=100"));
        String after = last.at("/paging/cursors/after").asText();

        JsonNode empty = json(client.get(COMMENTS + "?access_token=" + TOKEN + "&after=" + after));

        assertThat(empty.get("data")).isEmpty();
        assertThat(empty.has("paging")).isFalse();
    }

    @Test
    void itemsAddedInJavaAndOverHttpComeFirstAndStayOnTheirEdge() {
        partners.graph().add("17841400000000001", "comments",
                new GraphItem("c-java", Instant.parse("2026-11-21T09:00:00Z"), "Added in Java", "shopper_a", "900", 2));
        HttpResponse<String> posted = client.post("/mock/graph/items", """
                {"object":"17841400000000001","edge":"mentions","id":"m-http","timestamp":"2026-11-22T08:30:00+0000",
                 "text":"Added over HTTP","username":"shopper_b","from_id":"901","like_count":5}""");
        assertThat(posted.statusCode()).isEqualTo(201);

        JsonNode comments = json(client.get(COMMENTS + "?access_token=" + TOKEN)).get("data");
        JsonNode mentions = json(client.get("/graph/v21.0/17841400000000001/mentions?access_token=" + TOKEN)).get("data");

        assertThat(comments).hasSize(8);
        assertThat(comments.get(0).get("id").asText()).isEqualTo("c-java");
        assertThat(mentions).hasSize(8);
        assertThat(mentions.get(0).get("id").asText()).isEqualTo("m-http");
        assertThat(mentions.get(0).get("timestamp").asText()).isEqualTo("2026-11-22T08:30:00+0000");
        assertThat(mentions.get(0).at("/from/id").asText()).isEqualTo("901");
        assertThat(mentions.get(0).get("like_count").asInt()).isEqualTo(5);
        assertThat(partners.graph().items("17841400000000001", "mentions").get(0).text()).isEqualTo("Added over HTTP");
    }

    @Test
    void rejectsMissingOrWrongTokenAsGraphDoes() {
        for (String query : List.of("", "?access_token=wrong")) {
            HttpResponse<String> response = client.get(COMMENTS + query);

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = json(response).get("error");
            assertThat(error.get("message").asText()).isEqualTo("Invalid OAuth access token.");
            assertThat(error.get("type").asText()).isEqualTo("OAuthException");
            assertThat(error.get("code").asInt()).isEqualTo(190);
            assertThat(error.get("error_subcode").asInt()).isEqualTo(463);
            assertThat(error.get("fbtrace_id").asText()).isNotBlank();
        }
    }

    @Test
    void acceptsAConfiguredToken() {
        partners.graph().accessToken("live-like-token");

        assertThat(client.get(COMMENTS + "?access_token=" + TOKEN).statusCode()).isEqualTo(400);
        assertThat(client.get(COMMENTS + "?access_token=live-like-token").statusCode()).isEqualTo(200);

        client.post("/mock/graph/behaviour", "{\"accessToken\":\"other\"}");
        assertThat(client.get(COMMENTS + "?access_token=other").statusCode()).isEqualTo(200);
    }

    @Test
    void validatesLimitCursorAndEdge() {
        assertThat(json(client.get(COMMENTS + "?access_token=" + TOKEN + "&limit=0")).at("/error/code").asInt())
                .isEqualTo(100);
        assertThat(client.get(COMMENTS + "?access_token=" + TOKEN + "&after=%21%21").statusCode()).isEqualTo(400);
        assertThat(json(client.get("/graph/v21.0/123/likes?access_token=" + TOKEN)).at("/error/code").asInt())
                .isEqualTo(100);
        for (int i = 0; i < 101; i++) {
            partners.graph().add("big", "comments",
                    new GraphItem("b" + i, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "t", "u", "1", 0));
        }
        JsonNode capped = json(client.get("/graph/v21.0/big/comments?access_token=" + TOKEN + "&limit=500"));
        assertThat(capped.get("data")).hasSize(GraphSocialMock.MAX_LIMIT);
        assertThat(capped.at("/paging/next").asText()).isNotBlank();
    }

    @Test
    void recordsRequestsWithoutTheToken() {
        client.get(COMMENTS + "?access_token=" + TOKEN + "&limit=2");
        client.get(COMMENTS + "?access_token=wrong");

        List<RecordedRequest> received = partners.received("graph");
        assertThat(received).hasSize(2);
        assertThat(received.get(0).method()).isEqualTo("GET");
        assertThat(received.get(0).path()).isEqualTo(COMMENTS);
        assertThat(received.get(0).query()).isEqualTo("limit=2");
        assertThat(received.get(0).status()).isEqualTo(200);
        assertThat(received.get(1).status()).isEqualTo(400);
        assertThat(received.get(1).query()).doesNotContain("wrong");

        JsonNode listed = json(client.get("/mock/graph/received"));
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("time").asText()).isNotBlank();
        assertThat(client.get("/mock/graph/received").body()).doesNotContain(TOKEN);

        assertThat(client.delete("/mock/graph/received").statusCode()).isEqualTo(200);
        assertThat(partners.received("graph")).isEmpty();
    }
}
