package io.activationhub.mock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Serves one partner mock: applies its misbehaviour, answers, and records the request. */
final class PartnerEndpoint implements HttpHandler {

    private final PartnerMock partner;
    private final Behaviour behaviour;
    private final RequestLog log;
    private final Clock clock;

    PartnerEndpoint(PartnerMock partner, int logCapacity, Clock clock) {
        this.partner = partner;
        this.behaviour = new Behaviour(partner::resetBehaviour);
        this.log = new RequestLog(logCapacity);
        this.clock = clock;
    }

    PartnerMock partner() {
        return partner;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    RequestLog log() {
        return log;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Instant received = clock.instant();
        String path = ex.getRequestURI().getPath();
        Query query = Query.parse(ex.getRequestURI().getRawQuery());
        int status = 0;
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Fault fault = behaviour.next();
            pause(fault.latencyMs());
            if (fault.kind() == Fault.Kind.DROP_CONNECTION) {
                return;
            }
            MockResponse response = answer(ex, path, fault, body);
            status = response.status();
            send(ex, response);
        } catch (RuntimeException e) {
            status = 500;
            send(ex, MockResponse.json(500, Map.of("error", "mock failure: " + e.getClass().getSimpleName())));
        } finally {
            log.add(new RecordedRequest(ex.getRequestMethod(), path, query.withoutSecrets(), received, status));
            ex.close();
        }
    }

    private MockResponse answer(HttpExchange ex, String path, Fault fault, byte[] body) {
        return switch (fault.kind()) {
            case FAIL -> partner.failure(fault.status());
            case RATE_LIMIT -> partner.rateLimited(fault.status(), fault.retryAfterSeconds())
                    .withHeaders(Map.of("Retry-After", String.valueOf(fault.retryAfterSeconds())));
            default -> path.equals(partner.prefix()) || path.startsWith(partner.prefix() + "/")
                    ? partner.handle(PartnerRequest.of(ex, partner.prefix(), body))
                    : MockResponse.json(404, Map.of("error", "no such partner path"));
        };
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void send(HttpExchange ex, MockResponse response) throws IOException {
        send(ex, response, false);
    }

    static void send(HttpExchange ex, MockResponse response, boolean indented) throws IOException {
        response.headers().forEach((name, value) -> ex.getResponseHeaders().set(name, value));
        if (response.body() == null) {
            ex.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = Json.write(response.body(), indented);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
