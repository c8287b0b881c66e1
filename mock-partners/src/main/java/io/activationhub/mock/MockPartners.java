package io.activationhub.mock;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Faithful local stand-ins for the hub's partners, so going live changes only a base URL and credentials.
 * <ul>
 *     <li>email: an SMTP server (GreenMail) that keeps every message it accepts;</li>
 *     <li>on one HTTP server, by path prefix: {@code /graph} Graph-style comments and mentions
 *     ({@link GraphSocialMock}), {@code /x} X-style mentions ({@link XMentionsMock}), {@code /weather}
 *     an Open-Meteo-style forecast ({@link OpenMeteoMock}), {@code /twilio} a Twilio-style SMS gateway
 *     ({@link TwilioSmsMock}), {@code /meta} Meta-style custom audiences ({@link MetaAudiencesMock}), {@code /google}
 *     Google-style Customer Match ({@link GoogleAudiencesMock});</li>
 *     <li>an inspection API under {@code /mock}: {@code GET /mock} lists the partners with counts,
 *     {@code GET|DELETE /mock/{partner}/received} lists or forgets what a partner received,
 *     {@code GET|POST /mock/{partner}/behaviour} shows or sets its misbehaviour (HTTP partners; for
 *     {@code smtp}: {@code {"down": true|false}}),
 *     {@code POST|DELETE /mock/graph/items}, {@code /mock/x/items}, {@code /mock/weather/override} feed data.</li>
 * </ul>
 * Runs in-process in the demo and tests, or on its own with {@link MockPartnersMain}. Thread-safe; nothing it
 * receives is printed.
 */
public final class MockPartners implements AutoCloseable {

    public static final String SMTP = "smtp";
    /** The mailbox bounces (DSN) are sent to, as the email router's bounce address would be; read over IMAP. */
    public static final String BOUNCE_MAILBOX = "bounces@activationhub.local";
    public static final String BOUNCE_MAILBOX_PASSWORD = "bounces";

    private final SmtpMock smtp;
    private final HttpServer http;
    private final ExecutorService executor;
    private final GraphSocialMock graph;
    private final XMentionsMock x;
    private final OpenMeteoMock weather;
    private final TwilioSmsMock sms;
    private final MetaAudiencesMock meta;
    private final GoogleAudiencesMock google;
    private final Map<String, PartnerEndpoint> endpoints;

    private MockPartners(SmtpMock smtp, HttpServer http, ExecutorService executor, Clock clock) {
        this.smtp = smtp;
        this.http = http;
        this.executor = executor;
        this.graph = new GraphSocialMock(clock);
        this.x = new XMentionsMock(clock);
        this.weather = new OpenMeteoMock(clock);
        this.sms = new TwilioSmsMock(clock);
        this.meta = new MetaAudiencesMock(clock);
        this.google = new GoogleAudiencesMock();
        Map<String, PartnerEndpoint> byName = new LinkedHashMap<>();
        for (PartnerMock partner : List.of(graph, x, weather, sms, meta, google)) {
            byName.put(partner.name(), new PartnerEndpoint(partner, RequestLog.DEFAULT_CAPACITY, clock));
        }
        this.endpoints = Map.copyOf(byName);
        byName.values().forEach(endpoint -> http.createContext(endpoint.partner().prefix(), endpoint));
        http.createContext("/mock", new InspectionApi(smtp, byName));
    }

    /** Starts the partners; a port of 0 picks a free one. */
    public static MockPartners start(String host, int smtpPort, int httpPort) throws IOException {
        SmtpMock smtp = SmtpMock.start(host, smtpPort);
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, httpPort), 64);
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "mock-partners-http");
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(executor);
            MockPartners partners = new MockPartners(smtp, http, executor, Clock.systemUTC());
            http.start();
            return partners;
        } catch (IOException | RuntimeException e) {
            smtp.close();
            throw e;
        }
    }

    /** IMAP port of the mailboxes, among them {@link #BOUNCE_MAILBOX} (login = address, password {@link #BOUNCE_MAILBOX_PASSWORD}). */
    public int imapPort() {
        return smtp.imapPort();
    }

    public int smtpPort() {
        return smtp.port();
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + http.getAddress().getHostString() + ":" + httpPort();
    }

    /** The messages the SMTP server accepted so far, oldest first. */
    public List<Map<String, Object>> receivedEmails() {
        return smtp.receivedEmails();
    }

    /** The SMTP server goes down (connections refused) until {@link #smtpUp()}: a partner outage, for tests. */
    public void smtpDown() {
        smtp.down();
    }

    /** The SMTP server is back on the same port, with an empty mailbox. */
    public void smtpUp() {
        smtp.up();
    }

    public void forgetEmails() {
        smtp.forget();
    }

    /** The Graph-style social partner, served under {@code /graph}. */
    public GraphSocialMock graph() {
        return graph;
    }

    /** The X-style mentions partner, served under {@code /x}. */
    public XMentionsMock x() {
        return x;
    }

    /** The Open-Meteo-style weather partner, served under {@code /weather}. */
    public OpenMeteoMock weather() {
        return weather;
    }

    /** The Twilio-style SMS gateway, served under {@code /twilio}. */
    public TwilioSmsMock sms() {
        return sms;
    }

    /** The Meta-style custom audiences partner, served under {@code /meta}. */
    public MetaAudiencesMock meta() {
        return meta;
    }

    /** The Google-style Customer Match (Data Manager API) partner, served under {@code /google}. */
    public GoogleAudiencesMock google() {
        return google;
    }

    /** The partner names: {@code smtp}, {@code graph}, {@code x}, {@code weather}, {@code twilio}, {@code meta}, {@code google}. */
    public Set<String> partners() {
        return Set.of(SMTP, graph.name(), x.name(), weather.name(), sms.name(), meta.name(), google.name());
    }

    /** The last requests an HTTP partner received, oldest first (for SMTP see {@link #receivedEmails()}). */
    public List<RecordedRequest> received(String partner) {
        return endpoint(partner).log().list();
    }

    /** Forgets what an HTTP partner received ({@code smtp}: forgets the emails). */
    public void forget(String partner) {
        if (SMTP.equals(partner)) {
            forgetEmails();
        } else {
            endpoint(partner).log().forget();
        }
    }

    /** The misbehaviour settings of an HTTP partner (the SMTP server cannot misbehave). */
    public Behaviour behaviour(String partner) {
        return endpoint(partner).behaviour();
    }

    private PartnerEndpoint endpoint(String partner) {
        PartnerEndpoint endpoint = endpoints.get(partner);
        if (endpoint == null) {
            throw new IllegalArgumentException(SMTP.equals(partner)
                    ? "the SMTP mock keeps emails, see receivedEmails(), and cannot misbehave"
                    : "no partner " + partner + "; partners are " + partners());
        }
        return endpoint;
    }

    @Override
    public void close() {
        http.stop(0);
        sms.close();
        executor.shutdownNow();
        smtp.close();
    }
}
