package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Graph API style comments and mentions under {@code /graph}:
 * {@code GET /graph/{version}/{object}/comments|mentions?fields=&limit=&after=&access_token=}.
 * Each object's feed is seeded with {@link #SEED_ITEMS} deterministic items the first time it is touched.
 */
public final class GraphSocialMock implements PartnerMock {

    public static final String DEFAULT_ACCESS_TOKEN = "mock-graph-token";
    public static final int SEED_ITEMS = 7;
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    static final Set<String> EDGES = Set.of("comments", "mentions");

    private static final Pattern PATH = Pattern.compile("^/(v\\d+\\.\\d+)/([^/]+)/([^/]+)/?$");

    private final Clock clock;
    private final Map<String, GraphFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(17_900_000_000_000_000L);
    private volatile String accessToken = DEFAULT_ACCESS_TOKEN;

    GraphSocialMock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "graph";
    }

    @Override
    public String prefix() {
        return "/graph";
    }

    /** The only access token accepted from now on. */
    public GraphSocialMock accessToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the access token must not be blank");
        }
        this.accessToken = token;
        return this;
    }

    public String accessToken() {
        return accessToken;
    }

    /** Adds (or replaces, by id) an item of an object's {@code comments} or {@code mentions}. */
    public GraphSocialMock add(String object, String edge, GraphItem item) {
        feed(object, edge).add(item);
        return this;
    }

    /** The items of an object's edge, newest first. */
    public List<GraphItem> items(String object, String edge) {
        return feed(object, edge).list();
    }

    /** Forgets added items: every feed is seeded afresh when next touched. */
    public void restoreSeed() {
        feeds.clear();
    }

    private GraphFeed feed(String object, String edge) {
        if (object == null || object.isBlank() || object.contains("/")) {
            throw new IllegalArgumentException("object must be a single path segment");
        }
        if (!EDGES.contains(edge)) {
            throw new IllegalArgumentException("edge must be one of " + EDGES);
        }
        return feeds.computeIfAbsent(object + "/" + edge, key -> GraphFeed.seeded(object, edge, SEED_ITEMS));
    }

    @Override
    public MockResponse handle(PartnerRequest request) {
        if (!accessToken.equals(request.query().get("access_token"))) {
            return GraphError.of(400, "Invalid OAuth access token.", GraphError.INVALID_TOKEN, 463);
        }
        Matcher path = PATH.matcher(request.path());
        if (!path.matches()) {
            return GraphError.of(400, "Unknown path components: " + request.path(), 2500, null);
        }
        if (!request.method().equals("GET")) {
            return GraphError.invalidParameter("Unsupported " + request.method().toLowerCase(Locale.ROOT) + " request.");
        }
        String object = path.group(2);
        String edge = path.group(3);
        if (!EDGES.contains(edge)) {
            return GraphError.invalidParameter("Tried accessing nonexisting field (" + edge + ")");
        }
        Integer limit = limit(request.query().present("limit"));
        if (limit == null) {
            return GraphError.invalidParameter("The parameter limit must be a positive integer");
        }
        String after = request.query().present("after");
        GraphFeed.Page page;
        try {
            page = feed(object, edge).page(after, limit);
        } catch (IllegalArgumentException e) {
            return GraphError.invalidParameter("The after cursor is not valid");
        }
        return MockResponse.json(200, body(request, path.group(1), object, edge, page));
    }

    private static Integer limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            return limit < 1 ? null : Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> body(PartnerRequest request, String version, String object, String edge,
                                            GraphFeed.Page page) {
        GraphFields fields = GraphFields.parse(request.query().get("fields"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.items().stream().map(item -> item.toJson(fields)).toList());
        if (page.items().isEmpty()) {
            return body;
        }
        String after = GraphFeed.cursor(page.items().get(page.items().size() - 1));
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("cursors", Map.of("before", GraphFeed.cursor(page.items().get(0)), "after", after));
        if (page.more()) {
            paging.put("next", request.baseUrl() + "/" + version + "/" + object + "/" + edge + "?"
                    + nextQuery(request.query(), after));
        }
        body.put("paging", paging);
        return body;
    }

    /** The same query with the new {@code after} cursor; like Graph, it carries the access token. */
    private static String nextQuery(Query query, String after) {
        Map<String, String> next = new LinkedHashMap<>(query.asMap());
        next.remove("after");
        next.put("after", after);
        return next.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public MockResponse failure(int status) {
        return status >= 500
                ? GraphError.of(status, "An unexpected error has occurred. Please retry your request later.",
                        GraphError.TRANSIENT, null)
                : GraphError.of(status, "An unknown error has occurred.", 1, null);
    }

    @Override
    public MockResponse rateLimited(int status, long retryAfterSeconds) {
        long minutes = Math.max(1, (retryAfterSeconds + 59) / 60);
        String usage = "{\"mock\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":100,\"total_time\":100,"
                + "\"estimated_time_to_regain_access\":" + minutes + "}]}";
        return GraphError.of(status, "(#4) Application request limit reached", GraphError.APP_RATE_LIMIT, null)
                .withHeaders(Map.of("X-Business-Use-Case-Usage", usage));
    }

    @Override
    public Set<String> settings() {
        return Set.of("accessToken");
    }

    @Override
    public void configure(JsonNode body) {
        if (body.has("accessToken")) {
            try {
                accessToken(Json.text(body, "accessToken"));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
        }
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("api", "/graph/{version}/{object}/comments|mentions", "feeds", feeds.size(),
                "items", "/mock/graph/items");
    }

    /** {@code POST /mock/graph/items} adds one item; {@code DELETE} restores the seeded feeds. */
    @Override
    public MockResponse control(String method, String resource, JsonNode body) {
        if (!resource.equals("items")) {
            return null;
        }
        switch (method) {
            case "POST" -> {
                String object = Json.text(body, "object");
                String edge = Json.text(body, "edge");
                GraphItem item = item(body);
                try {
                    add(object, edge, item);
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(e.getMessage());
                }
                return MockResponse.json(201, Map.of("object", object, "edge", edge, "id", item.id()));
            }
            case "DELETE" -> {
                restoreSeed();
                return MockResponse.json(200, Map.of("restored", true));
            }
            default -> throw new BadRequest("use POST or DELETE on /mock/graph/items");
        }
    }

    private GraphItem item(JsonNode body) {
        String id = Json.text(body, "id");
        String timestamp = Json.text(body, "timestamp");
        Instant at;
        try {
            at = timestamp == null ? clock.instant() : GraphItem.parseTimestamp(timestamp);
        } catch (RuntimeException e) {
            throw new BadRequest("timestamp must look like 2026-11-20T10:15:00+0000");
        }
        int likes = body.path("like_count").asInt(0);
        if (likes < 0) {
            throw new BadRequest("like_count must not be negative");
        }
        return new GraphItem(id == null ? String.valueOf(nextId.incrementAndGet()) : id, at,
                Json.text(body, "text"), Json.text(body, "username"), Json.text(body, "from_id"), likes);
    }
}
