package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/** One HTTP partner stand-in, served under its own path prefix of the shared HTTP server. */
interface PartnerMock {

    /** The name used under /mock, e.g. {@code graph}. */
    String name();

    /** The path prefix of the partner API, e.g. {@code /graph}. */
    String prefix();

    /** Answers a partner API request. */
    MockResponse handle(PartnerRequest request);

    /** The partner's own error answer for a forced failure. */
    MockResponse failure(int status);

    /** The partner's own answer when rate-limited by the behaviour settings. */
    MockResponse rateLimited(int status, long retryAfterSeconds);

    /** Partner-specific settings accepted by {@code POST /mock/{name}/behaviour}, besides the common ones. */
    default Set<String> settings() {
        return Set.of();
    }

    default void configure(JsonNode body) {
    }

    /** Undoes partner-specific behaviour state; called by {@link Behaviour#reset()}. */
    default void resetBehaviour() {
    }

    /** Partner-specific state shown by {@code GET /mock}. */
    default Map<String, Object> describe() {
        return Map.of();
    }

    /**
     * Answers a partner-specific control request, {@code /mock/{name}/{resource}} (e.g. {@code items}),
     * or null when the partner has no such resource.
     */
    default MockResponse control(String method, String resource, JsonNode body) {
        return null;
    }
}
