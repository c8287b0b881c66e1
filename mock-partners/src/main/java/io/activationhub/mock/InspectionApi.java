package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The control side of the mocks, under {@code /mock}: {@code GET /mock} lists the partners;
 * {@code GET|DELETE /mock/{partner}/received} lists or forgets what a partner received;
 * {@code GET|POST /mock/{partner}/behaviour} shows or sets its misbehaviour; other
 * {@code /mock/{partner}/{resource}} paths are the partner's own (items, override).
 */
final class InspectionApi implements HttpHandler {

    private final SmtpMock smtp;
    private final Map<String, PartnerEndpoint> endpoints;

    InspectionApi(SmtpMock smtp, Map<String, PartnerEndpoint> endpoints) {
        this.smtp = smtp;
        this.endpoints = endpoints;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            MockResponse response;
            try {
                response = route(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        Json.read(ex.getRequestBody().readAllBytes()));
            } catch (BadRequest | IllegalArgumentException e) {
                response = MockResponse.json(400, Map.of("error", e.getMessage()));
            }
            PartnerEndpoint.send(ex, response, true);
        } finally {
            ex.close();
        }
    }

    private MockResponse route(String method, String path, JsonNode body) {
        String[] parts = path.replaceAll("/+$", "").split("/");
        if (parts.length == 2 && parts[1].equals("mock")) {
            return method.equals("GET") ? MockResponse.json(200, index()) : notAllowed("GET");
        }
        if (parts.length != 4 || !parts[1].equals("mock")) {
            return MockResponse.json(404, Map.of("error", "no such path; see GET /mock"));
        }
        String partner = parts[2];
        String resource = parts[3];
        if (partner.equals("smtp")) {
            return smtp(method, resource, body);
        }
        PartnerEndpoint endpoint = endpoints.get(partner);
        if (endpoint == null) {
            return MockResponse.json(404, Map.of("error", "no partner " + partner + "; see GET /mock"));
        }
        return switch (resource) {
            case "received" -> received(method, endpoint);
            case "behaviour" -> behaviour(method, endpoint, body);
            default -> {
                MockResponse own = endpoint.partner().control(method, resource, body);
                yield own != null ? own : MockResponse.json(404, Map.of("error", "no such path; see GET /mock"));
            }
        };
    }

    private Map<String, Object> index() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("smtp", Map.of("protocol", "SMTP", "port", smtp.port(), "received", "/mock/smtp/received",
                "count", smtp.isDown() ? 0 : smtp.count(), "down", smtp.isDown()));
        endpoints.forEach((name, endpoint) -> {
            Map<String, Object> partner = new LinkedHashMap<>();
            partner.put("protocol", "HTTP");
            partner.put("prefix", endpoint.partner().prefix());
            partner.put("received", "/mock/" + name + "/received");
            partner.put("count", endpoint.log().total());
            partner.put("behaviour", endpoint.behaviour().describe());
            partner.putAll(endpoint.partner().describe());
            body.put(name, partner);
        });
        return body;
    }

    private MockResponse smtp(String method, String resource, JsonNode body) {
        if (resource.equals("behaviour")) {
            // the SMTP server's one misbehaviour: down (connections refused) for a while, then back, empty
            if (method.equals("POST")) {
                if (body == null || !body.isObject() || !body.has("down") || !body.get("down").isBoolean()
                        || body.size() != 1) {
                    throw new BadRequest("the SMTP behaviour is {\"down\": true|false}");
                }
                if (body.get("down").asBoolean()) {
                    smtp.down();
                } else {
                    smtp.up();
                }
            } else if (!method.equals("GET")) {
                return notAllowed("GET or POST");
            }
            return MockResponse.json(200, Map.of("down", smtp.isDown()));
        }
        if (!resource.equals("received")) {
            return MockResponse.json(404, Map.of("error", "the SMTP mock has /mock/smtp/received and /mock/smtp/behaviour"));
        }
        return switch (method) {
            case "GET" -> MockResponse.json(200, smtp.receivedEmails());
            case "DELETE" -> {
                smtp.forget();
                yield MockResponse.json(200, Map.of("purged", true));
            }
            default -> notAllowed("GET or DELETE");
        };
    }

    private static MockResponse received(String method, PartnerEndpoint endpoint) {
        return switch (method) {
            case "GET" -> MockResponse.json(200, endpoint.log().list().stream().map(RecordedRequest::toJson).toList());
            case "DELETE" -> {
                endpoint.log().forget();
                yield MockResponse.json(200, Map.of("purged", true));
            }
            default -> notAllowed("GET or DELETE");
        };
    }

    private static MockResponse behaviour(String method, PartnerEndpoint endpoint, JsonNode body) {
        if (method.equals("GET")) {
            return MockResponse.json(200, endpoint.behaviour().describe());
        }
        if (!method.equals("POST")) {
            return notAllowed("GET or POST");
        }
        if (!body.isObject()) {
            throw new BadRequest("the behaviour must be a JSON object");
        }
        Set<String> unknown = new HashSet<>();
        body.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(BehaviourSettings.NAMES);
        unknown.removeAll(endpoint.partner().settings());
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown behaviour settings " + unknown);
        }
        BehaviourSettings settings = BehaviourSettings.read(body);
        endpoint.partner().configure(body);
        endpoint.behaviour().apply(settings);
        return MockResponse.json(200, endpoint.behaviour().describe());
    }

    private static MockResponse notAllowed(String allowed) {
        return MockResponse.json(405, Map.of("error", "use " + allowed));
    }
}
