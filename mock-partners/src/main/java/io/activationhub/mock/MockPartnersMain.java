package io.activationhub.mock;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the mock partners as a separate process, so the hub can be pointed at them like at a real partner:
 * <pre>
 * java -Dloader.main=io.activationhub.mock.MockPartnersMain -jar target/activation-hub.jar --smtp-port=3025 --http-port=8090
 * </pre>
 */
public final class MockPartnersMain {

    private MockPartnersMain() {
    }

    public static void main(String[] args) throws Exception {
        int smtpPort = 3025;
        int httpPort = 8090;
        String host = "127.0.0.1";
        for (String arg : args) {
            if (arg.startsWith("--smtp-port=")) {
                smtpPort = Integer.parseInt(arg.substring("--smtp-port=".length()));
            } else if (arg.startsWith("--http-port=")) {
                httpPort = Integer.parseInt(arg.substring("--http-port=".length()));
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else {
                System.err.println("usage: MockPartnersMain [--host=127.0.0.1] [--smtp-port=3025] [--http-port=8090]");
                System.exit(2);
            }
        }
        MockPartners partners = MockPartners.start(host, smtpPort, httpPort);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            partners.close();
            stop.countDown();
        }));
        System.out.println("Mock partners running: SMTP on " + host + ":" + partners.smtpPort()
                + ", inspection API on " + partners.baseUrl() + "/mock (Ctrl-C to stop)");
        stop.await();
    }
}
