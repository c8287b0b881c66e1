package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio Messages API, under {@code /twilio} (partners.md "SMS gateway"):
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded, HTTP Basic (AccountSid:AuthToken),
 * fields {@code To} (E.164), {@code From} or {@code MessagingServiceSid}, {@code Body} (at most 1600 characters) and
 * {@code StatusCallback}, answers 201 with the message ({@code sid} "SM" + 32 hex, status {@code queued},
 * {@code num_segments}...); {@code GET .../Messages/{Sid}.json} fetches one.
 * <p>
 * Errors are {@code {"code","message","more_info","status"}}: 20003 authentication (401), 21211 invalid To, 21610
 * recipient replied STOP, 21614 not a mobile number (French landlines +331 to +335 by default), 20429 with
 * Retry-After when rate-limited ({@code POST /mock/twilio/behaviour} {@code {"rateLimit":...}}). When a
 * StatusCallback is given, the mock posts the message's progress to it ({@code sent} then {@code delivered}, or
 * {@code undelivered}/{@code failed} for numbers configured so), signed with {@code X-Twilio-Signature}.
 * <p>
 * Control: {@code POST /mock/twilio/numbers} {@code {"stop":["+336..."],"notMobilePrefixes":[...],
 * "undelivered":{"+336...":30003},"failed":{"+336...":30008}}}; {@code GET /mock/twilio/messages} lists the
 * messages (sid, status, segments, callbacks; never the number or the text).
 */
public final class TwilioSmsMock implements PartnerMock {

    public static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String DEFAULT_AUTH_TOKEN = "mock-twilio-token";
    public static final int MAX_BODY_CHARS = 1600;
    public static final List<String> FRENCH_LANDLINE_PREFIXES = List.of("+331", "+332", "+333", "+334", "+335");
    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private static final String API_VERSION = "2010-04-01";
    private static final Pattern CREATE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern FETCH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages/(SM[0-9a-f]{32})\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final int MAX_MESSAGES = 1000;

    /** A status callback the mock posted: the status it carried and the HTTP status the hub answered (0: none). */
    public record Callback(String messageStatus, Integer errorCode, int responseStatus, Instant sentAt) {
    }

    /** A message as the mock holds it. */
    public record Message(String sid, String to, String from, String body, String encoding, int numSegments,
                          String status, Integer errorCode, String statusCallback, Instant createdAt,
                          List<Callback> callbacks) {
    }

    private record Step(String status, Integer errorCode) {
    }

    private static final class State {
        final String sid;
        final String to;
        final String from;
        final String service;
        final String body;
        final SmsSegments segments;
        final String callback;
        final Instant createdAt;
        final Step failure;
        final List<Callback> callbacks = new ArrayList<>();
        String status = "queued";
        Integer errorCode;
        Instant updatedAt;
        Instant sentAt;

        State(String sid, String to, String from, String service, String body, String callback, Instant createdAt, Step failure) {
            this.sid = sid;
            this.to = to;
            this.from = from;
            this.service = service;
            this.body = body;
            this.segments = SmsSegments.of(body);
            this.callback = callback;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
            this.failure = failure;
        }

        Message view() {
            return new Message(sid, to, from, body, segments.encoding(), segments.segments(), status, errorCode,
                    callback, createdAt, List.copyOf(callbacks));
        }
    }

    private final Clock clock;
    private final HttpClient callbackClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mock-twilio-callbacks");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, State> messages = new LinkedHashMap<>();
    private final Set<String> stopList = new LinkedHashSet<>();
    private final List<String> notMobilePrefixes = new ArrayList<>(FRENCH_LANDLINE_PREFIXES);
    private final Map<String, Step> deliveryFailures = new LinkedHashMap<>();
    private volatile String accountSid = DEFAULT_ACCOUNT_SID;
    private volatile String authToken = DEFAULT_AUTH_TOKEN;
    private volatile Duration callbackDelay = Duration.ofMillis(200);

    TwilioSmsMock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public String prefix() {
        return "/twilio";
    }

    /** The account the mock accepts (the hub's {@code hub.channels.sms.account-sid} and {@code auth-token}). */
    public TwilioSmsMock credentials(String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        return this;
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /** Recipients who replied STOP: sending to them answers 21610. */
    public synchronized TwilioSmsMock addToStopList(String... e164) {
        stopList.addAll(List.of(e164));
        return this;
    }

    /** Messages to this number are accepted, then end {@code undelivered} (or {@code failed}) with this error code. */
    public synchronized TwilioSmsMock failDelivery(String e164, String status, int errorCode) {
        if (!status.equals("undelivered") && !status.equals("failed")) {
            throw new IllegalArgumentException("a delivery failure is undelivered or failed");
        }
        deliveryFailures.put(e164, new Step(status, errorCode));
        return this;
    }

    public synchronized List<Message> messages() {
        return messages.values().stream().map(State::view).toList();
    }

    public synchronized Optional<Message> message(String sid) {
        return Optional.ofNullable(messages.get(sid)).map(State::view);
    }

    /** Forgets the messages and the number settings. */
    public synchronized void clear() {
        messages.clear();
        resetBehaviour();
    }

    @Override
    public synchronized void resetBehaviour() {
        stopList.clear();
        notMobilePrefixes.clear();
        notMobilePrefixes.addAll(FRENCH_LANDLINE_PREFIXES);
        deliveryFailures.clear();
    }

    @Override
    public synchronized Map<String, Object> describe() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("messages", messages.size());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        messages.values().forEach(m -> byStatus.merge(m.status, 1L, Long::sum));
        state.put("byStatus", byStatus);
        state.put("stopList", stopList.size());
        return state;
    }

    @Override
    public MockResponse handle(PartnerRequest request) {
        Matcher create = CREATE.matcher(request.path());
        Matcher fetch = FETCH.matcher(request.path());
        boolean isCreate = create.matches();
        if (!isCreate && !fetch.matches()) {
            return error(404, 20404, "The requested resource " + request.path() + " was not found");
        }
        String pathSid = isCreate ? create.group(1) : fetch.group(1);
        if (!authenticated(request.authorization()) || !pathSid.equals(accountSid)) {
            return error(401, 20003, "Authenticate").withHeaders(Map.of("WWW-Authenticate", "Basic realm=\"Twilio API\""));
        }
        if (!isCreate) {
            if (!"GET".equals(request.method())) {
                return error(405, 20405, "Method not allowed");
            }
            synchronized (this) {
                State m = messages.get(fetch.group(2));
                return m == null ? error(404, 20404, "The requested resource " + request.path() + " was not found")
                        : MockResponse.json(200, resource(m));
            }
        }
        if (!"POST".equals(request.method())) {
            return error(405, 20405, "Method not allowed");
        }
        String type = request.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return error(400, 20001, "Expected a form-encoded body (application/x-www-form-urlencoded)");
        }
        return send(request.formFields());
    }

    @Override
    public MockResponse failure(int status) {
        return error(status, 20000 + status, switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "The request failed";
        });
    }

    @Override
    public MockResponse rateLimited(int status, long retryAfterSeconds) {
        return error(status, 20429, "Too Many Requests");
    }

    @Override
    public MockResponse control(String method, String resource, JsonNode body) {
        if ("messages".equals(resource) && "GET".equals(method)) {
            return MockResponse.json(200, Map.of("messages", messages().stream().map(m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("sid", m.sid());
                out.put("status", m.status());
                out.put("errorCode", m.errorCode());
                out.put("numSegments", m.numSegments());
                out.put("encoding", m.encoding());
                out.put("callbacks", m.callbacks().size());
                return out;
            }).toList()));
        }
        if ("numbers".equals(resource) && "POST".equals(method)) {
            if (body == null || !body.isObject()) {
                throw new BadRequest("expected {\"stop\":[...],\"notMobilePrefixes\":[...],"
                        + "\"undelivered\":{\"+33...\":30003},\"failed\":{\"+33...\":30008}}");
            }
            synchronized (this) {
                body.path("stop").forEach(n -> stopList.add(n.asText()));
                if (body.has("notMobilePrefixes")) {
                    notMobilePrefixes.clear();
                    body.get("notMobilePrefixes").forEach(p -> notMobilePrefixes.add(p.asText()));
                }
                for (String status : List.of("undelivered", "failed")) {
                    body.path(status).fields().forEachRemaining(e ->
                            deliveryFailures.put(e.getKey(), new Step(status, e.getValue().asInt(30008))));
                }
                return MockResponse.json(200, Map.of("stop", stopList.size(), "notMobilePrefixes", notMobilePrefixes,
                        "deliveryFailures", deliveryFailures.size()));
            }
        }
        return null;
    }

    void close() {
        scheduler.shutdownNow();
    }

    private MockResponse send(Map<String, String> form) {
        String to = form.get("To");
        String from = form.get("From");
        String service = form.get("MessagingServiceSid");
        String body = form.get("Body");
        String callback = form.get("StatusCallback");
        if (to == null || to.isBlank()) {
            return error(400, 21604, "A 'To' phone number is required.");
        }
        if (!E164.matcher(to).matches()) {
            return error(400, 21211, "Invalid 'To' Phone Number");
        }
        if (blank(from) && blank(service)) {
            return error(400, 21603, "A 'From' phone number is required.");
        }
        if (!blank(from) && !E164.matcher(from).matches() && !ALPHANUMERIC_SENDER.matcher(from).matches()) {
            return error(400, 21212, "Invalid 'From' Phone Number");
        }
        if (body == null || body.isEmpty()) {
            return error(400, 21602, "Message body is required.");
        }
        if (body.codePointCount(0, body.length()) > MAX_BODY_CHARS) {
            return error(400, 21617, "The concatenated message body exceeds the " + MAX_BODY_CHARS + " character limit.");
        }
        if (!blank(callback) && !isHttpUrl(callback)) {
            return error(400, 21609, "Invalid StatusCallback URL");
        }
        State message;
        MockResponse created;
        synchronized (this) {
            if (stopList.contains(to)) {
                return error(400, 21610, "Attempt to send to unsubscribed recipient");
            }
            if (notMobilePrefixes.stream().anyMatch(to::startsWith)) {
                return error(400, 21614, "'To' number is not a valid mobile number");
            }
            message = new State(newSid(), to, blank(from) ? null : from, blank(service) ? null : service, body,
                    blank(callback) ? null : callback, clock.instant(), deliveryFailures.get(to));
            messages.put(message.sid, message);
            while (messages.size() > MAX_MESSAGES) {
                messages.remove(messages.keySet().iterator().next());
            }
            created = MockResponse.json(201, resource(message));
        }
        List<Step> steps = message.failure == null ? List.of(new Step("sent", null), new Step("delivered", null))
                : message.failure.status().equals("failed") ? List.of(message.failure)
                : List.of(new Step("sent", null), message.failure);
        progress(message, steps);
        return created;
    }

    /** Moves the message through its statuses; each callback is posted once the previous one was answered. */
    private void progress(State message, List<Step> steps) {
        if (steps.isEmpty() || scheduler.isShutdown()) {
            return;
        }
        Step step = steps.get(0);
        scheduler.schedule(() -> advance(message, step).thenRun(() -> progress(message, steps.subList(1, steps.size()))),
                callbackDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> advance(State message, Step step) {
        Map<String, String> params = new LinkedHashMap<>();
        synchronized (this) {
            message.status = step.status();
            message.errorCode = step.errorCode();
            message.updatedAt = clock.instant();
            if (step.status().equals("sent")) {
                message.sentAt = message.updatedAt;
            }
            if (message.callback == null) {
                return CompletableFuture.completedFuture(null);
            }
            params.put("MessageSid", message.sid);
            params.put("SmsSid", message.sid);
            params.put("AccountSid", accountSid);
            if (message.from != null) {
                params.put("From", message.from);
            }
            params.put("To", message.to);
            params.put("MessageStatus", step.status());
            params.put("SmsStatus", step.status());
            params.put("ApiVersion", API_VERSION);
            if (step.errorCode() != null) {
                params.put("ErrorCode", step.errorCode().toString());
            }
        }
        String signature = TwilioSignature.compute(authToken, message.callback, params);
        StringJoiner form = new StringJoiner("&");
        params.forEach((k, v) -> form.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest post = HttpRequest.newBuilder(URI.create(message.callback)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "TwilioProxy/1.1")
                .header(SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8)).build();
        return callbackClient.sendAsync(post, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            synchronized (this) {
                message.callbacks.add(new Callback(step.status(), step.errorCode(),
                        response == null ? 0 : response.statusCode(), clock.instant()));
            }
            return null;
        });
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(accountSid + ":" + authToken);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The message as Twilio's API shows it; called holding the lock. */
    private Map<String, Object> resource(State m) {
        String uri = "/" + API_VERSION + "/Accounts/" + accountSid + "/Messages/" + m.sid;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_sid", accountSid);
        out.put("api_version", API_VERSION);
        out.put("body", m.body);
        out.put("date_created", RFC_2822.format(m.createdAt));
        out.put("date_sent", m.sentAt == null ? null : RFC_2822.format(m.sentAt));
        out.put("date_updated", RFC_2822.format(m.updatedAt));
        out.put("direction", "outbound-api");
        out.put("error_code", m.errorCode);
        out.put("error_message", null);
        out.put("from", m.from);
        out.put("messaging_service_sid", m.service);
        out.put("num_media", "0");
        out.put("num_segments", Integer.toString(m.segments.segments()));
        out.put("price", null);
        out.put("price_unit", "USD");
        out.put("sid", m.sid);
        out.put("status", m.status);
        out.put("subresource_uris", Map.of("media", uri + "/Media.json"));
        out.put("to", m.to);
        out.put("uri", uri + ".json");
        return out;
    }

    private static MockResponse error(int status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", status);
        return MockResponse.json(status, body);
    }

    private static String newSid() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return "SM" + HexFormat.of().formatHex(random);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
