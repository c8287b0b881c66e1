package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta Marketing API custom audiences, under {@code /meta}:
 * <ul>
 *     <li>{@code POST /{version}/act_{ad_account}/customaudiences} (form: name, subtype=CUSTOM, description,
 *     customer_file_source) answers {@code {"id"}};</li>
 *     <li>{@code POST|DELETE /{version}/{audience_id}/users} adds or removes, {@code POST .../usersreplace} replaces,
 *     form fields {@code access_token}, {@code payload} ({@code {"schema":[...],"data":[[...]]}}) and optional
 *     {@code session}; at most {@value #MAX_ROWS_PER_REQUEST} rows a request; answers
 *     {@code {"audience_id","session_id","num_received","num_invalid_entries","invalid_entry_samples"}}.</li>
 * </ul>
 * A value that is not 64 lowercase hex characters makes its row an invalid entry (counted and sampled), not a failed
 * batch. Errors are Graph errors: 190 bad token, 100 invalid parameter, 80003 ad-account rate limit (with
 * {@code X-Business-Use-Case-Usage}), 2650 audience update failed. Each audience keeps its members (the hashed
 * rows), so what the hub pushed can be checked: {@code GET /mock/meta/audiences}.
 */
public final class MetaAudiencesMock implements PartnerMock {

    public static final String DEFAULT_ACCESS_TOKEN = "mock-meta-token";
    public static final int MAX_ROWS_PER_REQUEST = 10_000;
    static final int AD_ACCOUNT_RATE_LIMIT = 80003;
    static final int AUDIENCE_UPDATE_FAILED = 2650;

    private static final Pattern CREATE = Pattern.compile("/(v\\d+\\.\\d+)/act_(\\d+)/customaudiences/?");
    private static final Pattern USERS = Pattern.compile("/(v\\d+\\.\\d+)/(\\d+)/(users|usersreplace)/?");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> SCHEMA_KEYS = Set.of("EMAIL", "EMAIL_SHA256", "PHONE", "PHONE_SHA256", "GEN",
            "DOBY", "DOBM", "DOBD", "LN", "FN", "FI", "CT", "ST", "ZIP", "COUNTRY", "MADID", "EXTERN_ID");
    /** Keys sent as they are, not hashed. */
    private static final Set<String> PLAIN_KEYS = Set.of("MADID", "EXTERN_ID");
    private static final Set<String> FILE_SOURCES = Set.of("USER_PROVIDED_ONLY", "PARTNER_PROVIDED_ONLY",
            "BOTH_USER_AND_PARTNER_PROVIDED");
    private static final int MAX_INVALID_SAMPLES = 100;
    private static final long FIRST_AUDIENCE_ID = 23_850_000_000_000_001L;

    private enum Operation { ADD, REMOVE, REPLACE }

    private record Session(long id, int batchSeq, boolean lastBatch) {
    }

    /** A custom audience as the mock holds it; members are canonical rows {@code EMAIL=<sha>;FN=<sha>...}. */
    private static final class AudienceState {
        final String id;
        final String adAccountId;
        final String name;
        final String customerFileSource;
        final Instant createdAt;
        final Set<String> members = new HashSet<>();
        long added;
        long removed;
        Long replaceSessionId;
        int replaceBatchSeq;
        Set<String> replacement;

        AudienceState(String id, String adAccountId, String name, String customerFileSource, Instant createdAt) {
            this.id = id;
            this.adAccountId = adAccountId;
            this.name = name;
            this.customerFileSource = customerFileSource;
            this.createdAt = createdAt;
        }
    }

    private final Clock clock;
    private final AudienceUploadFaults faults = new AudienceUploadFaults();
    private final Map<String, AudienceState> audiences = new LinkedHashMap<>();
    private volatile String accessToken = DEFAULT_ACCESS_TOKEN;
    private long nextAudienceId = FIRST_AUDIENCE_ID;

    MetaAudiencesMock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public String prefix() {
        return "/meta";
    }

    /** The only access token accepted from now on. */
    public MetaAudiencesMock accessToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the access token must not be blank");
        }
        this.accessToken = token;
        return this;
    }

    /** The audience ids, oldest first. */
    public synchronized List<String> audienceIds() {
        return List.copyOf(audiences.keySet());
    }

    /** How many members an audience holds (0 for an unknown audience). */
    public synchronized int memberCount(String audienceId) {
        AudienceState a = audiences.get(audienceId);
        return a == null ? 0 : a.members.size();
    }

    /** Whether a member of the audience has this hashed value for this schema key (e.g. EMAIL). */
    public synchronized boolean hasMember(String audienceId, String schemaKey, String hash) {
        AudienceState a = audiences.get(audienceId);
        if (a == null) {
            return false;
        }
        String needle = schemaKey + "=" + hash;
        return a.members.stream().anyMatch(m -> (";" + m + ";").contains(";" + needle + ";"));
    }

    /** Forgets every audience. */
    public synchronized void clear() {
        audiences.clear();
        nextAudienceId = FIRST_AUDIENCE_ID;
    }

    @Override
    public MockResponse handle(PartnerRequest request) {
        Matcher create = CREATE.matcher(request.path());
        Matcher users = USERS.matcher(request.path());
        boolean isCreate = create.matches();
        if (!isCreate && !users.matches()) {
            return GraphError.of(400, "Unknown path components: " + request.path(), 2500, null);
        }
        Query form = request.form();
        String token = Optional.ofNullable(form.present("access_token")).orElse(request.query().present("access_token"));
        if (token == null && request.authorization() != null && request.authorization().startsWith("Bearer ")) {
            token = request.authorization().substring("Bearer ".length());
        }
        if (token == null || !token.equals(accessToken)) {
            return GraphError.of(400, token == null
                    ? "An active access token must be used to query information about the current user."
                    : "Invalid OAuth access token - Cannot parse access token", GraphError.INVALID_TOKEN, null);
        }
        if (isCreate) {
            return "POST".equals(request.method()) ? create(form, create.group(2))
                    : unknownObject(request.method(), "act_" + create.group(2) + "/customaudiences");
        }
        Operation operation;
        if ("users".equals(users.group(3)) && "POST".equals(request.method())) {
            operation = Operation.ADD;
        } else if ("users".equals(users.group(3)) && "DELETE".equals(request.method())) {
            operation = Operation.REMOVE;
        } else if ("usersreplace".equals(users.group(3)) && "POST".equals(request.method())) {
            operation = Operation.REPLACE;
        } else {
            return unknownObject(request.method(), users.group(2));
        }
        return updateUsers(form, users.group(2), operation);
    }

    @Override
    public MockResponse failure(int status) {
        if (status < 500) {
            return GraphError.invalidParameter("The request was rejected.");
        }
        return GraphError.of(status, status == 503 ? "An unexpected error has occurred. Please retry your request later."
                : "An unknown error occurred", status == 503 ? GraphError.TRANSIENT : 1, null);
    }

    @Override
    public MockResponse rateLimited(int status, long retryAfterSeconds) {
        long minutes = (retryAfterSeconds + 59) / 60;
        return GraphError.of(status, "(#80003) There have been too many calls to this ad-account. Wait a bit and try again.",
                        AD_ACCOUNT_RATE_LIMIT, null)
                .withHeaders(Map.of("X-Business-Use-Case-Usage", new String(Json.write(Map.of("0", List.of(Map.of(
                        "type", "custom_audience", "call_count", 100, "total_cputime", 25, "total_time", 25,
                        "estimated_time_to_regain_access", minutes))), false), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public Set<String> settings() {
        return AudienceUploadFaults.SETTINGS;
    }

    @Override
    public void configure(JsonNode body) {
        faults.configure(body);
    }

    @Override
    public void resetBehaviour() {
        faults.reset();
    }

    @Override
    public synchronized Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audiences", audiences.size());
        out.put("members", audiences.values().stream().mapToInt(a -> a.members.size()).sum());
        out.putAll(faults.describe());
        return out;
    }

    @Override
    public MockResponse control(String method, String resource, JsonNode body) {
        if (!"audiences".equals(resource)) {
            return null;
        }
        if ("DELETE".equals(method)) {
            clear();
            return MockResponse.json(200, Map.of("purged", true));
        }
        if (!"GET".equals(method)) {
            return MockResponse.json(405, Map.of("error", "use GET or DELETE"));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (this) {
            for (AudienceState a : audiences.values()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", a.id);
                json.put("adAccountId", a.adAccountId);
                json.put("name", a.name);
                json.put("customerFileSource", a.customerFileSource);
                json.put("createdAt", a.createdAt.toString());
                json.put("memberCount", a.members.size());
                json.put("rowsAdded", a.added);
                json.put("rowsRemoved", a.removed);
                out.add(json);
            }
        }
        return MockResponse.json(200, Map.of("data", out));
    }

    private MockResponse create(Query form, String adAccountId) {
        String name = form.present("name");
        String subtype = Optional.ofNullable(form.present("subtype")).orElse("CUSTOM");
        String source = form.present("customer_file_source");
        if (name == null || name.isBlank()) {
            return GraphError.invalidParameter("The parameter name is required");
        }
        if (!"CUSTOM".equals(subtype)) {
            return GraphError.invalidParameter("Param subtype must be CUSTOM for a customer list audience");
        }
        if (source == null || !FILE_SOURCES.contains(source)) {
            return GraphError.invalidParameter("Param customer_file_source must be one of " + FILE_SOURCES);
        }
        synchronized (this) {
            String id = Long.toString(nextAudienceId++);
            audiences.put(id, new AudienceState(id, adAccountId, name, source, clock.instant()));
            return MockResponse.json(200, Map.of("id", id));
        }
    }

    private MockResponse updateUsers(Query form, String audienceId, Operation operation) {
        synchronized (this) {
            if (!audiences.containsKey(audienceId)) {
                return unknownObject(operation == Operation.REMOVE ? "DELETE" : "POST", audienceId);
            }
        }
        String payloadText = form.present("payload");
        if (payloadText == null) {
            return GraphError.invalidParameter("The parameter payload is required");
        }
        JsonNode payload;
        try {
            payload = Json.read(payloadText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (BadRequest e) {
            return GraphError.invalidParameter("Param payload must be a JSON object with schema and data");
        }
        if (!payload.isObject()) {
            return GraphError.invalidParameter("Param payload must be a JSON object with schema and data");
        }
        List<String> schema = new ArrayList<>();
        JsonNode schemaNode = payload.path("schema");
        if (schemaNode.isTextual()) {
            schema.add(schemaNode.asText());
        } else if (schemaNode.isArray()) {
            schemaNode.forEach(key -> schema.add(key.asText()));
        }
        if (schema.isEmpty()) {
            return GraphError.invalidParameter("Param payload[schema] must be a key or a non-empty array of keys");
        }
        for (String key : schema) {
            if (!SCHEMA_KEYS.contains(key)) {
                return GraphError.invalidParameter("Invalid schema key " + key + " in payload[schema]");
            }
        }
        JsonNode data = payload.path("data");
        if (!data.isArray()) {
            return GraphError.invalidParameter("Param payload[data] must be an array");
        }
        if (data.size() > MAX_ROWS_PER_REQUEST) {
            return GraphError.invalidParameter("Too many users in one request: " + data.size() + ", at most "
                    + MAX_ROWS_PER_REQUEST + " are allowed");
        }
        Session session;
        try {
            session = session(form.present("session"));
        } catch (IllegalArgumentException e) {
            return GraphError.invalidParameter(e.getMessage());
        }
        if (operation == Operation.REPLACE && session == null) {
            return GraphError.invalidParameter("Param session is required to replace users");
        }
        int failStatus = faults.next();
        if (failStatus != 0) {
            return failStatus >= 500 ? failure(failStatus) : GraphError.of(400,
                    "(#2650) Failed to update the custom audience", AUDIENCE_UPDATE_FAILED, 1870034);
        }
        List<String> accepted = new ArrayList<>(data.size());
        Map<String, String> samples = new LinkedHashMap<>();
        int invalid = 0;
        for (JsonNode row : data) {
            if (!readRow(schema, row, accepted, samples)) {
                invalid++;
            }
        }
        synchronized (this) {
            MockResponse refused = apply(audiences.get(audienceId), operation, session, accepted);
            if (refused != null) {
                return refused;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("audience_id", audienceId);
        body.put("session_id", session == null ? ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) : session.id());
        body.put("num_received", data.size());
        body.put("num_invalid_entries", invalid);
        body.put("invalid_entry_samples", samples);
        return MockResponse.json(200, body);
    }

    /** Reads one row into {@code accepted} as a canonical row; false when it is an invalid entry. */
    private static boolean readRow(List<String> schema, JsonNode row, List<String> accepted, Map<String, String> samples) {
        List<String> values = new ArrayList<>(schema.size());
        if (row.isArray()) {
            row.forEach(v -> values.add(v.isNull() ? "" : v.asText()));
        } else if (row.isValueNode() && schema.size() == 1) {
            values.add(row.asText());
        }
        String problem = null;
        String sample = null;
        if (values.size() != schema.size()) {
            problem = "The row has " + values.size() + " values for " + schema.size() + " schema keys";
            sample = "row of " + values.size() + " values";
        }
        TreeMap<String, String> identifiers = new TreeMap<>();
        for (int i = 0; problem == null && i < schema.size(); i++) {
            String value = values.get(i);
            if (value.isEmpty()) {
                continue;
            }
            if (!PLAIN_KEYS.contains(schema.get(i)) && !HASH.matcher(value).matches()) {
                problem = "Invalid " + schema.get(i) + ": not a SHA-256 hash (64 lowercase hex characters) of the normalised value";
                // the sample names the key and the length, never the value: it may be personal data sent unhashed
                sample = schema.get(i) + " of " + value.length() + " characters";
            }
            identifiers.put(schema.get(i), value);
        }
        if (problem == null && identifiers.isEmpty()) {
            problem = "The row has no value";
            sample = "empty row";
        }
        if (problem != null) {
            if (samples.size() < MAX_INVALID_SAMPLES) {
                samples.putIfAbsent(sample, problem);
            }
            return false;
        }
        StringBuilder canonical = new StringBuilder(identifiers.size() * 72);
        identifiers.forEach((k, v) -> canonical.append(canonical.length() == 0 ? "" : ";").append(k).append('=').append(v));
        accepted.add(canonical.toString());
        return true;
    }

    private static MockResponse apply(AudienceState audience, Operation operation, Session session, List<String> rows) {
        if (operation != Operation.REPLACE) {
            if (audience.replaceSessionId != null) {
                return GraphError.of(400, "(#2650) Failed to update the custom audience: a replace session ("
                        + audience.replaceSessionId + ") is in progress", AUDIENCE_UPDATE_FAILED, null);
            }
            if (operation == Operation.ADD) {
                audience.members.addAll(rows);
                audience.added += rows.size();
            } else {
                for (String row : rows) {
                    if (!audience.members.remove(row)) {
                        // a removal row with fewer identifiers removes every member it covers
                        Set<String> parts = Set.of(row.split(";"));
                        audience.members.removeIf(m -> Set.of(m.split(";")).containsAll(parts));
                    }
                }
                audience.removed += rows.size();
            }
            return null;
        }
        if (session.batchSeq() == 1) {
            if (audience.replaceSessionId != null && audience.replaceSessionId != session.id()) {
                return GraphError.of(400, "(#2650) Failed to update the custom audience: another replace session ("
                        + audience.replaceSessionId + ") is in progress", AUDIENCE_UPDATE_FAILED, null);
            }
            audience.replaceSessionId = session.id();
            audience.replacement = new HashSet<>();
        } else if (audience.replaceSessionId == null || audience.replaceSessionId != session.id()
                || session.batchSeq() != audience.replaceBatchSeq + 1) {
            return GraphError.of(400, "(#2650) Failed to update the custom audience: batch " + session.batchSeq()
                    + " does not follow the replace session's last batch", AUDIENCE_UPDATE_FAILED, null);
        }
        audience.replaceBatchSeq = session.batchSeq();
        audience.replacement.addAll(rows);
        if (session.lastBatch()) {
            audience.members.clear();
            audience.members.addAll(audience.replacement);
            audience.replacement = null;
            audience.replaceSessionId = null;
            audience.replaceBatchSeq = 0;
        }
        return null;
    }

    private static Session session(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (BadRequest e) {
            throw new IllegalArgumentException("Param session must be a JSON object");
        }
        JsonNode id = node.path("session_id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new IllegalArgumentException("Param session[session_id] must be a positive 64-bit integer");
        }
        int batchSeq = node.path("batch_seq").asInt(1);
        if (batchSeq < 1) {
            throw new IllegalArgumentException("Param session[batch_seq] must start at 1");
        }
        return new Session(id.asLong(), batchSeq, node.path("last_batch_flag").asBoolean(false));
    }

    private static MockResponse unknownObject(String method, String id) {
        return GraphError.of(400, "Unsupported " + method.toLowerCase(java.util.Locale.ROOT) + " request. Object with ID '"
                + id + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                GraphError.INVALID_PARAMETER, 33);
    }
}
