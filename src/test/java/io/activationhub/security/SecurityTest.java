package io.activationhub.security;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Each refusal the admin API promises, proven with real HTTP calls. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/security",
        "hub.routes-dir=target/test-hubs/security/routes",
        "hub.audiences-dir=target/test-hubs/security/audiences",
        "hub.social.graph.app-secret=test-app-secret",
        "hub.social.graph.verify-token=test-verify-token",
        "hub.channels.sms.auth-token=test-sms-token"})
@ActiveProfiles("test")
class SecurityTest {

    @org.junit.jupiter.api.BeforeAll
    static void freshHome() {
        io.activationhub.HubTestFiles.freshHome("security");
    }

    @LocalServerPort
    int port;
    private final HttpClient client = HttpClient.newHttpClient();

    private int call(String method, String path, String user, String password, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theAdminApiNeedsAnAccount() throws Exception {
        assertThat(call("GET", "/api/feeds", null, null, null)).isEqualTo(401);
        assertThat(call("GET", "/api/feeds", "admin", "wrong", null)).isEqualTo(401);
        assertThat(call("GET", "/api/customers", "nobody", "test-admin", null)).isEqualTo(401);
        assertThat(call("GET", "/actuator/prometheus", null, null, null)).isEqualTo(401);
        assertThat(call("GET", "/api/feeds", "viewer", "test-viewer", null)).isEqualTo(200);
    }

    @Test
    void rolesLimitWhatEachAccountMayDo() throws Exception {
        String erase = "{\"customerId\": 999999}";
        assertThat(call("POST", "/api/privacy/erasure", "viewer", "test-viewer", erase)).isEqualTo(403);
        assertThat(call("POST", "/api/privacy/erasure", "integrator", "test-integrator", erase)).isEqualTo(403);
        assertThat(call("GET", "/api/privacy/export/1", "viewer", "test-viewer", null)).isEqualTo(403);
        assertThat(call("POST", "/api/privacy/erasure", "admin", "test-admin", erase)).isEqualTo(404);
        assertThat(call("POST", "/api/audiences/welcome-loyalty-members/activations?dryRun=true", "viewer", "test-viewer", null))
                .isEqualTo(403);
        assertThat(call("POST", "/api/audiences/welcome-loyalty-members/activations?dryRun=true", "integrator",
                "test-integrator", null)).isEqualTo(403);
        assertThat(call("POST", "/api/audiences/welcome-loyalty-members/activations?dryRun=true", "admin", "test-admin", null))
                .isEqualTo(202);
    }

    @Test
    void healthUnsubscribeAndWebhooksNeedNoAccountButWebhooksNeedASignature() throws Exception {
        // no account needed; a component still starting (a consumer, the bounce mailbox) may report DOWN briefly
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("health: %s", health.body()).isEqualTo(200);
        });
        assertThat(call("POST", "/u/1.email.forgedforgedforgedforgedforged00", null, null, null)).isEqualTo(404);
        assertThat(call("POST", "/webhooks/graph", null, null, "{\"entry\":[]}")).isEqualTo(401);
        assertThat(call("GET", "/webhooks/graph?hub.mode=subscribe&hub.challenge=123&hub.verify_token=wrong", null, null, null))
                .isEqualTo(403);
        assertThat(call("GET", "/webhooks/graph?hub.mode=subscribe&hub.challenge=123&hub.verify_token=test-verify-token",
                null, null, null)).isEqualTo(200);
    }

    @Test
    void sqlInjectionAndPathTraversalAttemptsAreRefused() throws Exception {
        assertThat(call("GET", "/api/feeds/pos'%20or%201=1--/runs", "viewer", "test-viewer", null)).isEqualTo(404);
        assertThat(call("POST", "/api/privacy/erasure", "admin", "test-admin", "{\"customerId\":\"1 or 1=1\"}")).isEqualTo(400);
        assertThat(call("GET", "/api/customers/1;drop", "viewer", "test-viewer", null)).isEqualTo(400);
    }
}
