package io.activationhub.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Client of a Twilio-style Messages API: {@code POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json},
 * form-encoded, HTTP Basic {@code AccountSid:AuthToken}. One call, one outcome: accepted (with the message sid),
 * refused for good (4xx other than 429, with the partner's error code: 21211 invalid To, 21610 unsubscribed, 21614
 * not a mobile...), or worth retrying (429 with its {@code Retry-After}, 5xx, no answer). Retries are the caller's.
 */
public class SmsGateway {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the partner answered. */
    public record Outcome(Kind kind, String sid, Integer errorCode, int httpStatus, Duration retryAfter, String error) {
        public enum Kind { ACCEPTED, REFUSED, RETRY }
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;

    public SmsGateway(String baseUrl, String accountSid, String authToken, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.endpoint = URI.create(baseUrl.replaceFirst("/+$", "") + "/2010-04-01/Accounts/"
                + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    public Outcome send(String to, String from, String body, String statusCallback) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put("From", from);
        form.put("Body", body);
        if (statusCallback != null && !statusCallback.isBlank()) {
            form.put("StatusCallback", statusCallback);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.RETRY, null, null, 0, null, "no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Kind.RETRY, null, null, 0, null, "interrupted");
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status == 200 || status == 201) {
            String sid = json.path("sid").asText(null);
            if (sid == null) {
                return new Outcome(Outcome.Kind.RETRY, null, null, status, null, "accepted without a sid");
            }
            return new Outcome(Outcome.Kind.ACCEPTED, sid, null, status, null, null);
        }
        Integer code = json.hasNonNull("code") ? json.get("code").asInt() : null;
        // the partner's text may quote the number: digits runs are masked, it goes to the push log and the log
        String message = "HTTP " + status + (code == null ? "" : " error " + code) + ": "
                + json.path("message").asText("").replaceAll("\\+?[0-9][0-9 .-]{5,}[0-9]", "<number>");
        if (status == 429 || status >= 500) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(SmsGateway::seconds).orElse(null);
            return new Outcome(Outcome.Kind.RETRY, null, code, status, retryAfter, message);
        }
        return new Outcome(Outcome.Kind.REFUSED, null, code, status, null, message);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static String encode(Map<String, String> form) {
        StringJoiner out = new StringJoiner("&");
        form.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
