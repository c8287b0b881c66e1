package io.activationhub.ops;

import io.activationhub.HubTestFiles;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin console in a real browser: headless Chromium loads {@code /} with the account in the URL fragment (the
 * console's script reads it, keeps it in session storage and removes it from the address), and the dumped DOM shows
 * the feeds and routes tables filled from the API, a refused route file with its error, and data escaped.
 * Skipped when Chromium is not installed ({@code .ci/run} installs it).
 */
@CamelSpringBootTest
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/ops",
        "hub.routes-dir=target/test-hubs/ops/routes",
        "hub.audiences-dir=target/test-hubs/ops/audiences"})
@ActiveProfiles("test")
class ConsoleTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static Path home;

    @BeforeAll
    static void freshHome() throws Exception {
        home = OpsHub.prepare();
        Files.writeString(home.resolve("routes/console-escaping.camel.yaml"), """
                - route:
                    id: console-escaping
                    description: "%s"
                    from:
                      uri: "timer:console-escaping?period=3600000&delay=3600000"
                      steps:
                        - log: "console escaping check"
                """.formatted(HOSTILE), StandardCharsets.UTF_8);
        Files.writeString(home.resolve("routes/console-broken.camel.yaml"), "- route:\n    id: [unclosed\n",
                StandardCharsets.UTF_8);
    }

    @LocalServerPort
    int port;

    @Test
    void theConsoleShowsFeedsAndRoutesFromTheApi() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium): console test skipped");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String routes = OpsHub.admin(port, "GET", "/api/routes", null).body();
            return routes.contains("console-escaping") && routes.contains("console-broken.camel.yaml");
        });
        // the page itself holds no data and loads without an account; the API does not
        assertThat(OpsHub.call(port, "GET", "/", null, null, null).status()).isEqualTo(200);
        assertThat(OpsHub.call(port, "GET", "/console/console.js", null, null, null).status()).isEqualTo(200);
        assertThat(OpsHub.call(port, "GET", "/api/feeds", null, null, null).status()).isEqualTo(401);

        String dom = dumpDom("http://localhost:" + port + "/#admin:test-admin");

        assertThat(dom).contains("data-loaded=\"true\"").contains("signed in as admin");
        String feeds = between(dom, "id=\"feeds-table\"", "</table>");
        assertThat(feeds).contains("data-feed=\"pos\"").contains("data-feed=\"loyalty\"").contains("0 * * * ?");
        String routes = between(dom, "id=\"routes-table\"", "</table>");
        assertThat(routes).contains("data-route=\"pos-feed\"").contains("data-route=\"loyalty-feed\"").contains("Started");
        String files = between(dom, "id=\"route-files-table\"", "</table>");
        assertThat(files).contains("data-file=\"console-broken.camel.yaml\"").contains("ERROR").contains("refused");
        // data is text, never markup
        assertThat(routes).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        // the account left the address bar
        assertThat(dom).doesNotContain("test-admin");
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("DOM has " + from).isNotNegative();
        int end = text.indexOf(to, start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static String dumpDom(String url) throws Exception {
        Path profile = Files.createTempDirectory("hub-chromium-");
        File out = Files.createTempFile("hub-console-dom", ".html").toFile();
        File err = Files.createTempFile("hub-console-chromium", ".log").toFile();
        try {
            Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", url))
                    .redirectOutput(out).redirectError(err).start();
            if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
                chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Chromium did not finish within 90 s");
            }
            String dom = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertThat(dom).as("Chromium dumped no DOM; its log: " + Files.readString(err.toPath())).isNotBlank();
            return dom;
        } finally {
            HubTestFiles.deleteTree(profile);
            out.delete();
            err.delete();
        }
    }
}
