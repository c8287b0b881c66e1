package io.activationhub.ops;

import io.activationhub.HubTestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The hub the operations tests share (schedules, metrics, OpenAPI, console): one home, one Spring context (the test
 * classes carry the same configuration), plus a POS inbox whose source looks at its folder only once an hour, so only
 * a schedule's run-now can sweep it quickly.
 */
final class OpsHub {

    static final String NAME = "ops";
    static final String SLOW_INBOX = "inbox/pos-scheduled";

    private OpsHub() {
    }

    static Path prepare() {
        Path home = HubTestFiles.freshHome(NAME);
        try {
            Files.writeString(home.resolve("routes/scheduled-pos-feed.camel.yaml"), """
                    - route:
                        id: scheduled-pos-feed
                        description: Till exports swept on schedule (looked at hourly otherwise)
                        from:
                          uri: "kamelet:file-feed-source"
                          parameters:
                            feed: pos
                            folder: %s
                            pollDelay: 3600000
                          steps:
                            - to: "kafka:hub.feed.runs"
                    """.formatted(SLOW_INBOX), StandardCharsets.UTF_8);
            Files.createDirectories(home.resolve(SLOW_INBOX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    record Reply(int status, String body) {
    }

    static Reply call(int port, String method, String path, String user, String password, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    static Reply admin(int port, String method, String path, String body) throws Exception {
        return call(port, method, path, "admin", "test-admin", body);
    }
}
