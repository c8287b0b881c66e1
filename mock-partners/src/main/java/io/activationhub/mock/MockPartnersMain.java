package io.activationhub.mock;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the mock partners as a separate process, so the hub can be pointed at them like at a real partner:
 * <pre>
 * java -Dloader.main=io.activationhub.mock.MockPartnersMain -jar target/activation-hub.jar --smtp-port=3025 --http-port=8090
 * </pre>
 * Optional: {@code --graph-token=...} (Graph access token accepted), {@code --x-token=...} (X bearer token accepted).
 */
public final class MockPartnersMain {

    private MockPartnersMain() {
    }

    public static void main(String[] args) throws Exception {
        int smtpPort = 3025;
        int httpPort = 8090;
        String host = "127.0.0.1";
        String graphToken = GraphSocialMock.DEFAULT_ACCESS_TOKEN;
        String xToken = XMentionsMock.DEFAULT_BEARER_TOKEN;
        for (String arg : args) {
            if (arg.startsWith("--smtp-port=")) {
                smtpPort = Integer.parseInt(arg.substring("--smtp-port=".length()));
            } else if (arg.startsWith("--http-port=")) {
                httpPort = Integer.parseInt(arg.substring("--http-port=".length()));
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (arg.startsWith("--graph-token=")) {
                graphToken = arg.substring("--graph-token=".length());
            } else if (arg.startsWith("--x-token=")) {
                xToken = arg.substring("--x-token=".length());
            } else {
                System.err.println("usage: MockPartnersMain [--host=127.0.0.1] [--smtp-port=3025] [--http-port=8090]"
                        + " [--graph-token=...] [--x-token=...]");
                System.exit(2);
            }
        }
        MockPartners partners = MockPartners.start(host, smtpPort, httpPort);
        partners.graph().accessToken(graphToken);
        partners.x().bearerToken(xToken);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            partners.close();
            stop.countDown();
        }));
        System.out.println("Mock partners running: SMTP on " + host + ":" + partners.smtpPort()
                + ", partner APIs on " + partners.baseUrl() + "/graph, /x, /weather"
                + ", inspection API on " + partners.baseUrl() + "/mock (Ctrl-C to stop)");
        stop.await();
    }
}
