package io.activationhub.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import io.activationhub.partner.PartnerHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Polls the social networks incrementally: only what is new since the last watermark, page by page (cursors or
 * next tokens), stopping when the partner says to slow down (429, rate-limit headers or error codes) and resuming
 * after the time it gives. Each poll is a feed run: read = accepted (new) + duplicate (already stored) + rejected.
 * The watermark moves only after a complete poll, so a poll cut short never skips anything.
 */
@Component("socialPolling")
public class SocialPolling {

    public static final String GRAPH_FEED = "social-graph";
    public static final String X_FEED = "social-x";
    private static final Logger log = LoggerFactory.getLogger(SocialPolling.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Meta error codes that mean "rate limited, retry later". */
    private static final Set<Integer> META_RATE_LIMIT_CODES = Set.of(4, 17, 32, 613, 80003);
    private static final int MAX_PAGES = 1000;

    private final PartnerHttp http;
    private final EngagementStore store;
    private final FeedRunLedger ledger;
    private final HubInstance instance;
    private final Clock clock;
    private final String graphAccessToken;
    private final String xBearerToken;

    @org.springframework.beans.factory.annotation.Autowired
    public SocialPolling(PartnerHttp http, EngagementStore store, FeedRunLedger ledger, HubInstance instance,
                         @org.springframework.beans.factory.annotation.Value("${hub.social.graph.access-token:}") String graphAccessToken,
                         @org.springframework.beans.factory.annotation.Value("${hub.social.x.bearer-token:}") String xBearerToken,
                         @org.springframework.beans.factory.annotation.Value("${hub.social.enabled:false}") boolean enabled) {
        this(http, store, ledger, instance, Clock.systemUTC(), graphAccessToken, xBearerToken);
        this.enabled = enabled;
    }

    /** Off unless hub.social.enabled: the connectors' timers then do nothing. */
    private boolean enabled = true;

    SocialPolling(PartnerHttp http, EngagementStore store, FeedRunLedger ledger, HubInstance instance, Clock clock,
                  String graphAccessToken, String xBearerToken) {
        this.graphAccessToken = graphAccessToken;
        this.xBearerToken = xBearerToken;
        this.http = http;
        this.store = store;
        this.ledger = ledger;
        this.instance = instance;
        this.clock = clock;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void declareFeeds() {
        ledger.declareFeed(GRAPH_FEED, "social", "Comments and mentions from the Graph-style API (Instagram, Facebook)");
        ledger.declareFeed(X_FEED, "social", "Mentions from the X API v2");
    }

    /**
     * Polls comments or mentions of one Graph object; returns the run, or null when paused by a rate limit.
     * The access token comes from the environment ({@code HUB_SOCIAL_GRAPH_ACCESS_TOKEN}), never from a route.
     */
    public FeedRun pollGraph(String baseUrl, String version, String objectId, String edge, int pageSize) {
        if (!edge.equals("comments") && !edge.equals("mentions")) {
            throw new IllegalArgumentException("edge must be comments or mentions, got '" + edge + "'");
        }
        String source = "graph:" + objectId + ":" + edge;
        if (!enabled || paused(source)) {
            return null;
        }
        String kind = edge.equals("comments") ? "comment" : "mention";
        Instant watermark = store.watermark(source).map(EngagementStore.Watermark::value).map(Instant::parse).orElse(null);
        long runId = ledger.start(GRAPH_FEED, source, null, instance.id());
        Counts c = new Counts();
        Instant newest = watermark;
        String after = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("fields", "id,timestamp,text,username,like_count,from");
                query.put("limit", Integer.toString(pageSize));
                query.put("access_token", graphAccessToken);
                query.put("after", after);
                PartnerHttp.Response r = http.get(baseUrl, "/" + version + "/" + objectId + "/" + edge, query);
                Instant pauseUntil = graphRateLimit(r);
                if (pauseUntil != null) {
                    return rateLimited(source, runId, c, pauseUntil);
                }
                if (!r.ok()) {
                    throw new IOException("HTTP " + r.status() + ": " + errorMessage(r.body()));
                }
                SocialPages.Page p = SocialPages.graph(r.body(), objectId, kind);
                boolean onlyOld = !p.items().isEmpty();
                for (Engagement e : p.items()) {
                    boolean isNew = c.add(store.store(e, runId));
                    boolean older = watermark != null && e.createdAt() != null && !e.createdAt().isAfter(watermark);
                    onlyOld &= !isNew || older;
                    if (e.createdAt() != null && (newest == null || e.createdAt().isAfter(newest))) {
                        newest = e.createdAt();
                    }
                }
                if (p.next() == null || (watermark != null && onlyOld)) {
                    break;
                }
                after = p.next();
            }
            store.saveWatermark(source, newest == null ? null : newest.toString(), null);
            return done(runId, c, null);
        } catch (Exception e) {
            return failed(source, runId, c, e);
        }
    }

    /**
     * Polls the mentions of one X user since the last newest id; returns the run, or null when paused.
     * The bearer token comes from the environment ({@code HUB_SOCIAL_X_BEARER_TOKEN}).
     */
    public FeedRun pollX(String baseUrl, String userId, int pageSize) {
        String source = "x:" + userId;
        if (!enabled || paused(source)) {
            return null;
        }
        String sinceId = store.watermark(source).map(EngagementStore.Watermark::value).orElse(null);
        long runId = ledger.start(X_FEED, source, null, instance.id());
        Counts c = new Counts();
        String newestId = null;
        String token = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("max_results", Integer.toString(Math.max(5, Math.min(100, pageSize))));
                query.put("since_id", sinceId);
                query.put("pagination_token", token);
                PartnerHttp.Response r = http.get(baseUrl, "/2/users/" + userId + "/mentions", query,
                        Map.of("Authorization", "Bearer " + xBearerToken));
                if (r.status() == 429) {
                    return rateLimited(source, runId, c, resetTime(r, Duration.ofMinutes(15)));
                }
                if (!r.ok()) {
                    throw new IOException("HTTP " + r.status() + ": " + errorMessage(r.body()));
                }
                SocialPages.Page p = SocialPages.x(r.body(), userId);
                for (Engagement e : p.items()) {
                    c.add(store.store(e, runId));
                }
                if (newestId == null && p.newestId() != null) {
                    newestId = p.newestId();
                }
                if (p.next() == null) {
                    break;
                }
                if ("0".equals(r.header("x-rate-limit-remaining"))) {
                    // more pages, but the window is spent: resume later without moving the watermark
                    return rateLimited(source, runId, c, resetTime(r, Duration.ofMinutes(15)));
                }
                token = p.next();
            }
            store.saveWatermark(source, newestId, null);
            return done(runId, c, null);
        } catch (Exception e) {
            return failed(source, runId, c, e);
        }
    }

    private boolean paused(String source) {
        Instant next = store.watermark(source).map(EngagementStore.Watermark::nextAllowedAt).orElse(null);
        if (next != null && next.isAfter(clock.instant())) {
            log.debug("{} rate limited until {}: poll skipped", source, next);
            return true;
        }
        return false;
    }

    private Instant graphRateLimit(PartnerHttp.Response r) {
        if (r.status() == 429) {
            return resetTime(r, Duration.ofMinutes(5));
        }
        if (r.status() >= 400) {
            try {
                JsonNode error = JSON.readTree(r.body()).path("error");
                if (META_RATE_LIMIT_CODES.contains(error.path("code").asInt(-1))) {
                    long minutes = regainMinutes(r.header("x-business-use-case-usage"));
                    return clock.instant().plus(Duration.ofMinutes(Math.max(1, minutes)));
                }
            } catch (IOException notJson) {
                return null;
            }
        }
        return null;
    }

    /** {@code estimated_time_to_regain_access} (minutes) anywhere in the usage header, 5 when absent. */
    static long regainMinutes(String usageHeader) {
        if (usageHeader == null) {
            return 5;
        }
        try {
            long max = -1;
            for (JsonNode n : JSON.readTree(usageHeader).findValues("estimated_time_to_regain_access")) {
                max = Math.max(max, n.asLong());
            }
            return max < 0 ? 5 : max;
        } catch (IOException e) {
            return 5;
        }
    }

    /** Retry-After (seconds), else x-rate-limit-reset (Unix seconds), else the default pause. */
    Instant resetTime(PartnerHttp.Response r, Duration fallback) {
        String retryAfter = r.header("retry-after");
        if (retryAfter != null && retryAfter.matches("\\d+")) {
            return clock.instant().plusSeconds(Long.parseLong(retryAfter));
        }
        String reset = r.header("x-rate-limit-reset");
        if (reset != null && reset.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(reset));
        }
        return clock.instant().plus(fallback);
    }

    private static String errorMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode m = root.path("error").path("message");
            if (!m.isMissingNode()) {
                return m.asText();
            }
            return root.path("detail").asText(root.path("title").asText("no detail"));
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    private FeedRun rateLimited(String source, long runId, Counts c, Instant until) {
        store.saveWatermark(source, null, until);
        log.warn("{} rate limited: {} read before the limit, next poll after {}", source, c.read, until);
        ledger.finish(runId, FeedRun.RATE_LIMITED, c.read, c.accepted, 0, c.duplicate,
                "rate limited by the partner: resumes after " + until);
        return ledger.run(runId).orElseThrow();
    }

    private FeedRun done(long runId, Counts c, String note) {
        ledger.finish(runId, FeedRun.SUCCEEDED, c.read, c.accepted, 0, c.duplicate, note);
        return ledger.run(runId).orElseThrow();
    }

    private FeedRun failed(String source, long runId, Counts c, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.warn("{} poll failed after {} items: {}", source, c.read, reason);
        ledger.finish(runId, FeedRun.FAILED, c.read, c.accepted, 0, c.duplicate, reason);
        return ledger.run(runId).orElseThrow();
    }

    private static final class Counts {
        long read;
        long accepted;
        long duplicate;

        boolean add(boolean isNew) {
            read++;
            if (isNew) {
                accepted++;
            } else {
                duplicate++;
            }
            return isNew;
        }
    }
}
