package io.activationhub.web;

import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import io.activationhub.social.Engagement;
import io.activationhub.social.EngagementStore;
import io.activationhub.social.GraphWebhookEvents;
import io.activationhub.social.SocialPolling;
import io.activationhub.social.WebhookSignature;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Graph-style webhooks: {@code GET /webhooks/graph} answers the subscription handshake with the challenge when the
 * verify token matches; {@code POST /webhooks/graph} accepts only notifications signed with the app secret
 * ({@code X-Hub-Signature-256}). Secrets come from the environment ({@code HUB_SOCIAL_GRAPH_APP_SECRET},
 * {@code HUB_SOCIAL_GRAPH_VERIFY_TOKEN}); without them the webhook is off (503).
 */
@RestController
public class GraphWebhookController {

    private final String appSecret;
    private final String verifyToken;
    private final EngagementStore store;
    private final FeedRunLedger ledger;
    private final HubInstance instance;

    public GraphWebhookController(@Value("${hub.social.graph.app-secret:}") String appSecret,
                                  @Value("${hub.social.graph.verify-token:}") String verifyToken,
                                  EngagementStore store, FeedRunLedger ledger, HubInstance instance) {
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
        this.store = store;
        this.ledger = ledger;
        this.instance = instance;
    }

    @GetMapping(value = "/webhooks/graph", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                         @RequestParam(name = "hub.challenge", required = false) String challenge,
                                         @RequestParam(name = "hub.verify_token", required = false) String token) {
        if (verifyToken.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("webhook not configured\n");
        }
        boolean tokenOk = token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                verifyToken.getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenOk || challenge == null || !challenge.matches("[A-Za-z0-9_-]{1,128}")) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body("verification refused\n");
        }
        return ResponseEntity.ok(challenge);
    }

    @PostMapping(value = "/webhooks/graph", consumes = MediaType.ALL_VALUE)
    public ResponseEntity<Map<String, Object>> receive(@RequestBody byte[] body,
                                                       @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature) {
        if (appSecret.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "webhook not configured"));
        }
        if (!WebhookSignature.verify(appSecret, body, signature)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "bad or missing signature"));
        }
        List<Engagement> events;
        try {
            events = GraphWebhookEvents.read(body);
        } catch (IOException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "unreadable notification: " + e.getMessage()));
        }
        long runId = ledger.start(SocialPolling.GRAPH_FEED, "webhook", null, instance.id());
        long accepted = events.stream().filter(e -> store.store(e, runId)).count();
        ledger.finish(runId, FeedRun.SUCCEEDED, events.size(), accepted, 0, events.size() - accepted, "webhook");
        return ResponseEntity.ok(Map.of("received", events.size(), "new", accepted));
    }
}
