package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Google Data Manager API audience members (Customer Match), under {@code /google}:
 * {@code POST /v1/audienceMembers:ingest} and {@code POST /v1/audienceMembers:remove} with an OAuth bearer token and
 * a JSON body {@code {"destinations":[{"operatingAccount":{"accountType","accountId"},"productDestinationId"}],
 * "audienceMembers":[{"userData":{"userIdentifiers":[{"emailAddress":hex},{"phoneNumber":hex},{"address":{...}}]}}],
 * "consent":{"adUserData","adPersonalization"},"encoding":"HEX"}} answer {@code {"requestId"}}.
 * <p>
 * The whole request is refused with 400 {@code INVALID_ARGUMENT} and field violations when a hashed value is not hex
 * (or base64) of a SHA-256 digest or a limit is passed ({@value #MAX_MEMBERS_PER_REQUEST} members); quota errors are
 * 429 {@code RESOURCE_EXHAUSTED}. Each destination list keeps its members; a list is usable at
 * {@value #MIN_USABLE_MEMBERS} members ({@code GET /mock/google/lists}).
 */
public final class GoogleAudiencesMock implements PartnerMock {

    public static final String DEFAULT_ACCESS_TOKEN = "mock-google-token";
    public static final int MAX_MEMBERS_PER_REQUEST = 10_000;
    public static final int MAX_IDENTIFIERS_PER_MEMBER = 10;
    public static final int MAX_DESTINATIONS = 10;
    public static final int MIN_USABLE_MEMBERS = 100;

    private static final String DOMAIN = "datamanager.googleapis.com";
    private static final Set<String> ACCOUNT_TYPES = Set.of("GOOGLE_ADS", "DISPLAY_VIDEO_PARTNER",
            "DISPLAY_VIDEO_ADVERTISER", "DATA_PARTNER");
    private static final Set<String> CONSENT_VALUES = Set.of("CONSENT_STATUS_UNSPECIFIED", "CONSENT_GRANTED",
            "CONSENT_DENIED");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private record Violation(String field, String reason, String description) {
    }

    /** A member is its sorted identifiers joined by {@code ;}: {@code emailAddress:<hex>}, {@code phoneNumber:<hex>}, {@code address:<fn>/<ln>/<region>/<postal>}. */
    private final Map<String, Set<String>> lists = new LinkedHashMap<>();
    private final Map<String, Long> removedRows = new LinkedHashMap<>();
    private final AudienceUploadFaults faults = new AudienceUploadFaults();
    private volatile String accessToken = DEFAULT_ACCESS_TOKEN;

    @Override
    public String name() {
        return "google";
    }

    @Override
    public String prefix() {
        return "/google";
    }

    public GoogleAudiencesMock accessToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the access token must not be blank");
        }
        this.accessToken = token;
        return this;
    }

    /** Members of a list, by {@code accountId/productDestinationId}. */
    public synchronized int memberCount(String accountId, String productDestinationId) {
        return lists.entrySet().stream().filter(e -> e.getKey().endsWith("/" + accountId + "/" + productDestinationId))
                .mapToInt(e -> e.getValue().size()).sum();
    }

    /** Whether a member of the list has this identifier, e.g. {@code ("emailAddress", "<hex>")}. */
    public synchronized boolean hasIdentifier(String accountId, String productDestinationId, String type, String hexHash) {
        String needle = type + ":" + hexHash.toLowerCase(java.util.Locale.ROOT);
        return lists.entrySet().stream().filter(e -> e.getKey().endsWith("/" + accountId + "/" + productDestinationId))
                .flatMap(e -> e.getValue().stream())
                .anyMatch(m -> (";" + m + ";").contains(";" + needle + ";"));
    }

    public synchronized void clear() {
        lists.clear();
        removedRows.clear();
    }

    @Override
    public MockResponse handle(PartnerRequest request) {
        boolean ingest = "/v1/audienceMembers:ingest".equals(request.path());
        boolean remove = "/v1/audienceMembers:remove".equals(request.path());
        if (!ingest && !remove) {
            return error(404, "NOT_FOUND", "The requested URL was not found on this server.", List.of());
        }
        if (!"POST".equals(request.method())) {
            return error(405, "UNIMPLEMENTED", "Method " + request.method() + " is not allowed; use POST.", List.of());
        }
        String auth = request.authorization();
        if (auth == null || !auth.equals("Bearer " + accessToken)) {
            return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
                    + "access token, login cookie or other valid authentication credential.", List.of())
                    .withHeaders(Map.of("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\""));
        }
        JsonNode body;
        try {
            body = Json.read(request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (BadRequest e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.",
                    List.of(new Violation("", "INVALID_FORMAT", "The body must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        List<String> targets = readDestinations(body.path("destinations"), violations);
        List<String> members = readMembers(body, violations);
        readConsent(body.path("consent"), violations);
        if (!violations.isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", violations);
        }
        if (body.path("validateOnly").asBoolean(false)) {
            return MockResponse.json(200, Map.of("requestId", UUID.randomUUID().toString()));
        }
        int failStatus = faults.next();
        if (failStatus != 0) {
            return failure(failStatus);
        }
        synchronized (this) {
            for (String destination : targets) {
                Set<String> list = lists.computeIfAbsent(destination, k -> new HashSet<>());
                if (ingest) {
                    list.addAll(members);
                } else {
                    for (String removed : members) {
                        if (!list.remove(removed)) {
                            Set<String> parts = Set.of(removed.split(";"));
                            list.removeIf(m -> Set.of(m.split(";")).containsAll(parts));
                        }
                    }
                    removedRows.merge(destination, (long) members.size(), Long::sum);
                }
            }
        }
        return MockResponse.json(200, Map.of("requestId", UUID.randomUUID().toString()));
    }

    @Override
    public MockResponse failure(int status) {
        return error(status, statusName(status), switch (status) {
            case 500 -> "Internal error encountered.";
            case 503 -> "The service is currently unavailable.";
            case 504 -> "The request timed out.";
            default -> "The request failed.";
        }, List.of());
    }

    @Override
    public MockResponse rateLimited(int status, long retryAfterSeconds) {
        return error(status, statusName(status), "Resource has been exhausted (e.g. check quota).", List.of());
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
        out.put("lists", lists.size());
        out.put("members", lists.values().stream().mapToInt(Set::size).sum());
        out.putAll(faults.describe());
        return out;
    }

    @Override
    public MockResponse control(String method, String resource, JsonNode body) {
        if (!"lists".equals(resource)) {
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
            lists.forEach((key, members) -> {
                String[] parts = key.split("/", 3);
                Map<String, Object> list = new LinkedHashMap<>();
                list.put("accountType", parts[0]);
                list.put("accountId", parts[1]);
                list.put("productDestinationId", parts[2]);
                list.put("memberCount", members.size());
                list.put("rowsRemoved", removedRows.getOrDefault(key, 0L));
                list.put("usable", members.size() >= MIN_USABLE_MEMBERS);
                out.add(list);
            });
        }
        return MockResponse.json(200, Map.of("lists", out));
    }

    private static List<String> readDestinations(JsonNode node, List<Violation> violations) {
        List<String> out = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            violations.add(new Violation("destinations", "REQUIRED_FIELD_MISSING", "At least one destination is required."));
            return out;
        }
        if (node.size() > MAX_DESTINATIONS) {
            violations.add(new Violation("destinations", "TOO_MANY_DESTINATIONS",
                    "At most " + MAX_DESTINATIONS + " destinations are allowed per request."));
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode destination = node.get(i);
            String field = "destinations[" + i + "]";
            String type = destination.path("operatingAccount").path("accountType").asText("");
            String account = destination.path("operatingAccount").path("accountId").asText("");
            String list = destination.path("productDestinationId").asText("");
            if (!ACCOUNT_TYPES.contains(type)) {
                violations.add(new Violation(field + ".operating_account.account_type", "INVALID_ENUM_VALUE",
                        "The account type must be one of " + new TreeSet<>(ACCOUNT_TYPES) + "."));
            }
            if (!account.matches("\\d+")) {
                violations.add(new Violation(field + ".operating_account.account_id", "INVALID_DESTINATION",
                        "The operating account id must be digits only, without dashes."));
            }
            if (list.isEmpty()) {
                violations.add(new Violation(field + ".product_destination_id", "REQUIRED_FIELD_MISSING",
                        "The product destination id (the user list id) is required."));
            }
            out.add(type + "/" + account + "/" + list);
        }
        return out;
    }

    private static List<String> readMembers(JsonNode body, List<Violation> violations) {
        List<String> out = new ArrayList<>();
        JsonNode members = body.path("audienceMembers");
        if (!members.isArray() || members.isEmpty()) {
            violations.add(new Violation("audience_members", "REQUIRED_FIELD_MISSING",
                    "At least one audience member is required."));
            return out;
        }
        if (members.size() > MAX_MEMBERS_PER_REQUEST) {
            violations.add(new Violation("audience_members", "TOO_MANY_AUDIENCE_MEMBERS",
                    "At most " + MAX_MEMBERS_PER_REQUEST + " audience members are allowed per request."));
            return out;
        }
        String encoding = body.path("encoding").asText("");
        if (!encoding.equals("HEX") && !encoding.equals("BASE64")) {
            violations.add(new Violation("encoding", encoding.isEmpty() ? "REQUIRED_FIELD_MISSING" : "INVALID_ENUM_VALUE",
                    "The encoding of hashed values must be HEX or BASE64."));
            return out;
        }
        for (int i = 0; i < members.size(); i++) {
            String field = "audience_members[" + i + "].user_data.user_identifiers";
            JsonNode identifiers = members.get(i).path("userData").path("userIdentifiers");
            if (!identifiers.isArray() || identifiers.isEmpty()) {
                violations.add(new Violation(field, "INVALID_AUDIENCE_MEMBER", "The audience member has no user identifier."));
                continue;
            }
            if (identifiers.size() > MAX_IDENTIFIERS_PER_MEMBER) {
                violations.add(new Violation(field, "TOO_MANY_USER_IDENTIFIERS",
                        "At most " + MAX_IDENTIFIERS_PER_MEMBER + " user identifiers are allowed per audience member."));
                continue;
            }
            TreeSet<String> member = new TreeSet<>();
            for (int j = 0; j < identifiers.size(); j++) {
                String at = field + "[" + j + "]";
                JsonNode identifier = identifiers.get(j);
                if (identifier.has("emailAddress")) {
                    hashed(identifier.get("emailAddress").asText(), encoding, at + ".email_address", violations)
                            .ifPresent(hash -> member.add("emailAddress:" + hash));
                } else if (identifier.has("phoneNumber")) {
                    hashed(identifier.get("phoneNumber").asText(), encoding, at + ".phone_number", violations)
                            .ifPresent(hash -> member.add("phoneNumber:" + hash));
                } else if (identifier.has("address")) {
                    JsonNode address = identifier.get("address");
                    Optional<String> given = hashed(address.path("givenName").asText(""), encoding,
                            at + ".address.given_name", violations);
                    Optional<String> family = hashed(address.path("familyName").asText(""), encoding,
                            at + ".address.family_name", violations);
                    String region = address.path("regionCode").asText("");
                    String postal = address.path("postalCode").asText("");
                    if (!region.matches("[A-Z]{2}")) {
                        violations.add(new Violation(at + ".address.region_code", "INVALID_FORMAT",
                                "The region code must be an ISO 3166-1 alpha-2 code in capitals."));
                    } else if (postal.isBlank()) {
                        violations.add(new Violation(at + ".address.postal_code", "INVALID_POSTAL_CODE",
                                "The postal code is required."));
                    } else if (given.isPresent() && family.isPresent()) {
                        member.add("address:" + given.get() + "/" + family.get() + "/" + region + "/" + postal);
                    }
                } else {
                    violations.add(new Violation(at, "INVALID_AUDIENCE_MEMBER",
                            "A user identifier needs emailAddress, phoneNumber or address."));
                }
            }
            if (!member.isEmpty()) {
                out.add(String.join(";", member));
            }
        }
        return out;
    }

    /** The SHA-256 digest in lowercase hex, or empty after recording why the value is not one. */
    private static Optional<String> hashed(String value, String encoding, String field, List<Violation> violations) {
        byte[] digest;
        if (encoding.equals("HEX")) {
            if (value.isEmpty() || value.length() % 2 != 0 || !HEX.matcher(value).matches()) {
                violations.add(new Violation(field, "INVALID_HEX_ENCODING", "The value is not hex encoded."));
                return Optional.empty();
            }
            digest = HexFormat.of().parseHex(value);
        } else {
            try {
                digest = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(field, "INVALID_BASE64_ENCODING", "The value is not base64 encoded."));
                return Optional.empty();
            }
        }
        if (digest.length != 32) {
            violations.add(new Violation(field, "INVALID_SHA256_FORMAT", "The value is not a SHA-256 digest."));
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(digest));
    }

    private static void readConsent(JsonNode consent, List<Violation> violations) {
        for (String field : List.of("adUserData", "adPersonalization")) {
            JsonNode value = consent.get(field);
            if (value != null && !CONSENT_VALUES.contains(value.asText())) {
                violations.add(new Violation("consent." + (field.equals("adUserData") ? "ad_user_data" : "ad_personalization"),
                        "INVALID_ENUM_VALUE", "The consent status must be one of " + new TreeSet<>(CONSENT_VALUES) + "."));
            }
        }
    }

    private static MockResponse error(int code, String status, String message, List<Violation> violations) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        List<Map<String, Object>> details = new ArrayList<>();
        String reason = violations.isEmpty() ? status : violations.get(0).reason();
        details.add(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", reason, "domain", DOMAIN));
        if (!violations.isEmpty()) {
            details.add(Map.of("@type", "type.googleapis.com/google.rpc.BadRequest", "fieldViolations",
                    violations.stream().limit(100).map(v -> Map.of("field", v.field(), "description", v.description(),
                            "reason", v.reason())).toList()));
        }
        error.put("details", details);
        return MockResponse.json(code, Map.of("error", error));
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "UNKNOWN";
        };
    }
}
