package io.activationhub.ads;

import java.util.Locale;
import java.util.Map;

/**
 * How the ads channel reaches a platform: one HTTP request, the partner's answer as it came (4xx and 5xx included).
 * Implemented over the platform's connector ({@code connectors/ads-*-audience-sink.kamelet.yaml}); the domain never
 * sees Camel.
 */
public interface AdPlatformPort {

    /** A request; headers (the bearer token among them) and body are never logged. */
    record Call(AdPlatform platform, String method, String path, String contentType, Map<String, String> headers,
                String body) {
        @Override
        public String toString() {
            return method + " " + platform.id() + path;
        }
    }

    /** The partner's answer; header names lowercase. */
    record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * @throws Unreachable when no answer came (connection refused or dropped, timeout)
     */
    Answer call(Call call);

    /** The platform could not be reached at all. */
    class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
