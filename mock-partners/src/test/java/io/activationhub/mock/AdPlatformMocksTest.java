package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Meta-style and Google-style audience APIs as partners.md specifies them: limits, token, schema, errors. */
class AdPlatformMocksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MockPartners partners;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        partners = MockPartners.start("127.0.0.1", 0, 0);
    }

    @AfterAll
    static void stop() {
        partners.close();
    }

    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(partners.baseUrl() + path))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(out.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private String metaAudience() throws Exception {
        HttpResponse<String> created = send("POST", "/meta/v21.0/act_1001/customaudiences", "application/x-www-form-urlencoded",
                form("access_token", "mock-meta-token", "name", "vip", "subtype", "CUSTOM",
                        "customer_file_source", "USER_PROVIDED_ONLY"));
        assertThat(created.statusCode()).isEqualTo(200);
        return JSON.readTree(created.body()).path("id").asText();
    }

    @Test
    void metaCountsInvalidEntriesWithoutFailingTheBatchAndRemovesRows() throws Exception {
        String audience = metaAudience();
        String payload = "{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[[\"" + sha("a@example.org") + "\",\"" + sha("33612345678")
                + "\"],[\"b@example.org\",\"\"]]}";
        HttpResponse<String> added = send("POST", "/meta/v21.0/" + audience + "/users", "application/x-www-form-urlencoded",
                form("access_token", "mock-meta-token", "payload", payload));
        JsonNode body = JSON.readTree(added.body());
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(body.path("num_received").asInt()).isEqualTo(2);
        assertThat(body.path("num_invalid_entries").asInt()).isEqualTo(1);
        assertThat(body.path("invalid_entry_samples").toString()).doesNotContain("b@example.org");
        assertThat(partners.meta().memberCount(audience)).isEqualTo(1);

        String removal = "{\"schema\":[\"EMAIL\"],\"data\":[[\"" + sha("a@example.org") + "\"]]}";
        HttpResponse<String> removed = send("DELETE", "/meta/v21.0/" + audience + "/users", "application/x-www-form-urlencoded",
                form("access_token", "mock-meta-token", "payload", removal));
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(partners.meta().memberCount(audience)).as("a row with fewer keys removes the members it covers").isZero();
        assertThat(partners.received("meta")).extracting(RecordedRequest::query).allMatch(q -> !q.contains("token"));
    }

    @Test
    void metaRefusesABadTokenAndMoreThanTenThousandRows() throws Exception {
        String audience = metaAudience();
        HttpResponse<String> badToken = send("POST", "/meta/v21.0/" + audience + "/users", "application/x-www-form-urlencoded",
                form("access_token", "wrong", "payload", "{\"schema\":[\"EMAIL\"],\"data\":[]}"));
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badToken.body()).path("error").path("code").asInt()).isEqualTo(190);

        String hash = sha("x");
        String rows = IntStream.range(0, 10_001).mapToObj(i -> "[\"" + hash + "\"]").collect(Collectors.joining(","));
        HttpResponse<String> tooMany = send("POST", "/meta/v21.0/" + audience + "/users", "application/x-www-form-urlencoded",
                form("access_token", "mock-meta-token", "payload", "{\"schema\":[\"EMAIL\"],\"data\":[" + rows + "]}"));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).path("error").path("code").asInt()).isEqualTo(100);
    }

    @Test
    void metaRateLimitCarriesCode80003AndTheUsageHeader() throws Exception {
        String audience = metaAudience();
        partners.behaviour("meta").rateLimit(400, 120, 1);
        HttpResponse<String> limited = send("POST", "/meta/v21.0/" + audience + "/users", "application/x-www-form-urlencoded",
                form("access_token", "mock-meta-token", "payload", "{\"schema\":[\"EMAIL\"],\"data\":[]}"));
        assertThat(JSON.readTree(limited.body()).path("error").path("code").asInt()).isEqualTo(80003);
        assertThat(limited.headers().firstValue("X-Business-Use-Case-Usage").orElse(""))
                .contains("\"estimated_time_to_regain_access\":2");
        partners.behaviour("meta").reset();
    }

    private static String googleBody(String... emailHashes) {
        String members = java.util.Arrays.stream(emailHashes)
                .map(h -> "{\"userData\":{\"userIdentifiers\":[{\"emailAddress\":\"" + h + "\"}]}}")
                .collect(Collectors.joining(","));
        return "{\"destinations\":[{\"operatingAccount\":{\"accountType\":\"GOOGLE_ADS\",\"accountId\":\"123\"},"
                + "\"productDestinationId\":\"777\"}],\"audienceMembers\":[" + members + "],"
                + "\"consent\":{\"adUserData\":\"CONSENT_GRANTED\",\"adPersonalization\":\"CONSENT_GRANTED\"},\"encoding\":\"HEX\"}";
    }

    @Test
    void googleIngestsAndRemovesWithABearerTokenAndRefusesUnhashedValuesAsAWhole() throws Exception {
        String bearer = "Bearer mock-google-token";
        assertThat(send("POST", "/google/v1/audienceMembers:ingest", "application/json", googleBody(sha("a")))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> ok = send("POST", "/google/v1/audienceMembers:ingest", "application/json",
                googleBody(sha("a"), sha("b")), "Authorization", bearer);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("requestId").asText()).isNotEmpty();
        assertThat(partners.google().memberCount("123", "777")).isEqualTo(2);

        HttpResponse<String> plain = send("POST", "/google/v1/audienceMembers:ingest", "application/json",
                googleBody(sha("c"), "c@example.org"), "Authorization", bearer);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("INVALID_ARGUMENT", "audience_members[1]");
        assertThat(partners.google().memberCount("123", "777")).as("nothing of a refused request is kept").isEqualTo(2);

        assertThat(send("POST", "/google/v1/audienceMembers:remove", "application/json", googleBody(sha("a")),
                "Authorization", bearer).statusCode()).isEqualTo(200);
        assertThat(partners.google().hasIdentifier("123", "777", "emailAddress", sha("a"))).isFalse();
        assertThat(partners.google().memberCount("123", "777")).isEqualTo(1);

        partners.behaviour("google").rateLimit(429, 3, 1);
        HttpResponse<String> limited = send("POST", "/google/v1/audienceMembers:ingest", "application/json",
                googleBody(sha("d")), "Authorization", bearer);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("RESOURCE_EXHAUSTED");
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
    }
}
