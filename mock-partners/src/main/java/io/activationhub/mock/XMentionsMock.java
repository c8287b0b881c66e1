package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X API v2 style mentions under {@code /x}:
 * {@code GET /x/2/users/{id}/mentions?since_id=&until_id=&pagination_token=&max_results=} with
 * {@code Authorization: Bearer <token>}. Every user's timeline is seeded with {@link #SEED_MENTIONS}
 * deterministic mentions the first time it is touched; rate-limit headers follow a fixed window.
 */
public final class XMentionsMock implements PartnerMock {

    public static final String DEFAULT_BEARER_TOKEN = "mock-x-bearer";
    public static final int SEED_MENTIONS = 12;
    public static final int DEFAULT_RATE_LIMIT = 15;
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(900);

    private static final Pattern PATH = Pattern.compile("^/2/users/([^/]+)/mentions/?$");

    private final Clock clock;
    private final Map<String, XTimeline> timelines = new ConcurrentHashMap<>();
    private final XRateWindow rateWindow;
    private volatile String bearerToken = DEFAULT_BEARER_TOKEN;

    XMentionsMock(Clock clock) {
        this.clock = clock;
        this.rateWindow = new XRateWindow(clock, DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW);
    }

    @Override
    public String name() {
        return "x";
    }

    @Override
    public String prefix() {
        return "/x";
    }

    /** The only bearer token accepted from now on. */
    public XMentionsMock bearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the bearer token must not be blank");
        }
        this.bearerToken = token;
        return this;
    }

    public String bearerToken() {
        return bearerToken;
    }

    /** Allows {@code limit} requests per window of {@code length}, starting a fresh window now. */
    public XMentionsMock rateWindow(int limit, Duration length) {
        rateWindow.configure(limit, length);
        return this;
    }

    /** Starts a fresh rate window now, with the full allowance. */
    public XMentionsMock resetRateWindow() {
        rateWindow.reset();
        return this;
    }

    /** Adds (or replaces, by id) a mention of a user. */
    public XMentionsMock add(String userId, XMention mention) {
        timeline(userId).add(mention);
        return this;
    }

    /** Adds a new mention of a user, now, with an id above every earlier one; returns it. */
    public XMention add(String userId, String text, String authorId) {
        Instant now = clock.instant();
        return timeline(userId).append(id -> new XMention(String.valueOf(id), text, authorId, now, 0, 0, 0, 0));
    }

    /** A user's mentions, newest first. */
    public List<XMention> mentions(String userId) {
        return timeline(userId).list();
    }

    /** Forgets added mentions: every timeline is seeded afresh when next touched. */
    public void restoreSeed() {
        timelines.clear();
    }

    private XTimeline timeline(String userId) {
        if (XMentionsQuery.numericId(userId) == null) {
            throw new IllegalArgumentException("a user id is a number of at most 19 digits");
        }
        return timelines.computeIfAbsent(userId, id -> XTimeline.seeded(id, SEED_MENTIONS));
    }

    @Override
    public MockResponse handle(PartnerRequest request) {
        if (!("Bearer " + bearerToken).equals(request.authorization())) {
            return XProblem.unauthorized();
        }
        XRateWindow.Admission admission = rateWindow.admit();
        if (!admission.allowed()) {
            return XProblem.tooManyRequests(429).withHeaders(admission.headers());
        }
        return mentions(request).withHeaders(admission.headers());
    }

    private MockResponse mentions(PartnerRequest request) {
        Matcher path = PATH.matcher(request.path());
        if (!path.matches()) {
            return XProblem.of(404, "Not Found Error", "Could not find the requested resource: " + request.path(),
                    XProblem.NOT_FOUND);
        }
        if (!request.method().equals("GET")) {
            return XProblem.of(405, "Method Not Allowed", "Use GET", "about:blank");
        }
        String userId = path.group(1);
        try {
            if (XMentionsQuery.numericId(userId) == null) {
                throw new XMentionsQuery.Invalid("id", userId, "The `id` query parameter value [" + userId
                        + "] is not valid");
            }
            XMentionsQuery query = XMentionsQuery.parse(request.query());
            return MockResponse.json(200, body(timeline(userId).page(query.sinceId(), query.untilId(),
                    query.maxResults())));
        } catch (XMentionsQuery.Invalid invalid) {
            return XProblem.invalid(invalid);
        }
    }

    private static Map<String, Object> body(XTimeline.Page page) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        List<XMention> mentions = page.mentions();
        if (!mentions.isEmpty()) {
            body.put("data", mentions.stream().map(XMention::toJson).toList());
            meta.put("newest_id", mentions.get(0).id());
            meta.put("oldest_id", mentions.get(mentions.size() - 1).id());
        }
        meta.put("result_count", mentions.size());
        if (page.more()) {
            meta.put("next_token", XMentionsQuery.nextToken(mentions.get(mentions.size() - 1).numericId()));
        }
        body.put("meta", meta);
        return body;
    }

    @Override
    public MockResponse failure(int status) {
        return XProblem.failure(status);
    }

    @Override
    public MockResponse rateLimited(int status, long retryAfterSeconds) {
        long reset = clock.instant().plusSeconds(retryAfterSeconds).getEpochSecond();
        return XProblem.tooManyRequests(status)
                .withHeaders(Map.of("x-rate-limit-limit", String.valueOf(rateWindow.limit()),
                        "x-rate-limit-remaining", "0", "x-rate-limit-reset", String.valueOf(reset)));
    }

    @Override
    public Set<String> settings() {
        return Set.of("bearerToken", "rateWindow", "resetRateWindow");
    }

    /** {@code {"bearerToken":"t"}}, {@code {"rateWindow":{"limit":15,"windowSeconds":900}}}, {@code {"resetRateWindow":true}}. */
    @Override
    public void configure(JsonNode body) {
        try {
            if (body.has("bearerToken")) {
                bearerToken(Json.text(body, "bearerToken"));
            }
            if (body.has("rateWindow")) {
                JsonNode window = body.get("rateWindow");
                rateWindow(window.path("limit").asInt(rateWindow.limit()),
                        Duration.ofSeconds(window.path("windowSeconds").asLong(rateWindow.length().toSeconds())));
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        if (body.path("resetRateWindow").asBoolean(false)) {
            resetRateWindow();
        }
    }

    @Override
    public void resetBehaviour() {
        resetRateWindow();
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("api", "/x/2/users/{id}/mentions", "timelines", timelines.size(),
                "rateWindow", Map.of("limit", rateWindow.limit(), "windowSeconds", rateWindow.length().toSeconds()),
                "items", "/mock/x/items");
    }

    /** {@code POST /mock/x/items} adds one mention; {@code DELETE} restores the seeded timelines. */
    @Override
    public MockResponse control(String method, String resource, JsonNode body) {
        if (!resource.equals("items")) {
            return null;
        }
        switch (method) {
            case "POST" -> {
                String userId = Json.text(body, "user_id");
                try {
                    XMention mention = add(userId, body);
                    return MockResponse.json(201, Map.of("user_id", userId, "id", mention.id()));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(e.getMessage());
                }
            }
            case "DELETE" -> {
                restoreSeed();
                return MockResponse.json(200, Map.of("restored", true));
            }
            default -> throw new BadRequest("use POST or DELETE on /mock/x/items");
        }
    }

    private XMention add(String userId, JsonNode body) {
        XTimeline timeline = timeline(userId);
        String id = Json.text(body, "id");
        String createdAt = Json.text(body, "created_at");
        Instant at;
        try {
            at = createdAt == null ? clock.instant() : Instant.parse(createdAt);
        } catch (RuntimeException e) {
            throw new BadRequest("created_at must look like 2026-11-20T10:15:00.000Z");
        }
        JsonNode metrics = body.path("public_metrics");
        LongFunction<XMention> withId = generated -> new XMention(id == null ? String.valueOf(generated) : id,
                Json.text(body, "text"), Json.text(body, "author_id"), at, metrics.path("retweet_count").asInt(0),
                metrics.path("reply_count").asInt(0), metrics.path("like_count").asInt(0),
                metrics.path("quote_count").asInt(0));
        return timeline.append(withId);
    }
}
