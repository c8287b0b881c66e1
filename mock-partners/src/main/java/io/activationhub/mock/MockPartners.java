package io.activationhub.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Faithful local stand-ins for the hub's partners, so going live changes only a base URL and credentials.
 * <ul>
 *     <li>email: an SMTP server (GreenMail) that keeps every message it accepts, and IMAP access to its mailboxes
 *     (the bounce mailbox {@value #BOUNCE_MAILBOX} among them);</li>
 *     <li>an HTTP inspection API: {@code GET /mock/smtp/received} lists what the SMTP server received,
 *     {@code DELETE /mock/smtp/received} forgets it, {@code GET /mock} lists the partners.</li>
 * </ul>
 * Runs in-process in the demo and tests, or on its own with {@link MockPartnersMain}.
 */
public final class MockPartners implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The mailbox bounces (DSN) are sent to, as the email router's bounce address would be. */
    public static final String BOUNCE_MAILBOX = "bounces@activationhub.local";
    public static final String BOUNCE_MAILBOX_PASSWORD = "bounces";

    private final GreenMail smtp;
    private final HttpServer http;

    private MockPartners(GreenMail smtp, HttpServer http) {
        this.smtp = smtp;
        this.http = http;
    }

    /** Starts the partners; a port of 0 picks a free one. */
    public static MockPartners start(String host, int smtpPort, int httpPort) throws IOException {
        ServerSetup setup = new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP);
        // the same server keeps the bounce mailbox, read over IMAP (SMTP port + 118: 3025 -> 3143, GreenMail's habit)
        ServerSetup imap = new ServerSetup(smtpPort == 0 ? 0 : smtpPort + 118, host, ServerSetup.PROTOCOL_IMAP);
        GreenMail smtp = new GreenMail(smtpPort == 0 ? new ServerSetup[]{setup.dynamicPort(), imap.dynamicPort()}
                : new ServerSetup[]{setup, imap});
        smtp.start();
        smtp.setUser(BOUNCE_MAILBOX, BOUNCE_MAILBOX, BOUNCE_MAILBOX_PASSWORD);
        HttpServer http = HttpServer.create(new InetSocketAddress(host, httpPort), 64);
        MockPartners partners = new MockPartners(smtp, http);
        http.createContext("/mock/smtp/received", partners::smtpReceived);
        http.createContext("/mock", partners::index);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mock-partners-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return partners;
    }

    public int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    /** IMAP port of the mailboxes, among them {@link #BOUNCE_MAILBOX} (login = address, password {@link #BOUNCE_MAILBOX_PASSWORD}). */
    public int imapPort() {
        return smtp.getImap().getPort();
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + http.getAddress().getHostString() + ":" + httpPort();
    }

    /** The messages the SMTP server accepted so far, oldest first. */
    public List<Map<String, Object>> receivedEmails() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(describe(m));
        }
        return out;
    }

    public void forgetEmails() {
        try {
            smtp.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge the mock SMTP server", e);
        }
    }

    private static Map<String, Object> describe(MimeMessage m) {
        Map<String, Object> mail = new LinkedHashMap<>();
        try {
            mail.put("messageId", m.getMessageID());
            mail.put("from", m.getFrom() == null ? List.of() : Arrays.stream(m.getFrom()).map(Object::toString).toList());
            mail.put("to", m.getRecipients(Message.RecipientType.TO) == null ? List.of()
                    : Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList());
            mail.put("subject", m.getSubject());
            Map<String, String> headers = new LinkedHashMap<>();
            Enumeration<Header> all = m.getAllHeaders();
            while (all.hasMoreElements()) {
                Header h = all.nextElement();
                headers.putIfAbsent(h.getName(), h.getValue());
            }
            mail.put("headers", headers);
            Object content = m.getContent();
            mail.put("body", content instanceof String s ? s : String.valueOf(content));
            mail.put("receivedAt", m.getReceivedDate() == null ? null : m.getReceivedDate().toInstant().toString());
        } catch (MessagingException | IOException e) {
            mail.put("error", e.getMessage());
        }
        return mail;
    }

    private void smtpReceived(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> respond(ex, 200, receivedEmails());
            case "DELETE" -> {
                forgetEmails();
                respond(ex, 200, Map.of("purged", true));
            }
            default -> respond(ex, 405, Map.of("error", "use GET or DELETE"));
        }
    }

    private void index(HttpExchange ex) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("smtp", Map.of("protocol", "SMTP", "port", smtpPort(), "received", "/mock/smtp/received",
                "count", smtp.getReceivedMessages().length));
        respond(ex, 200, body);
    }

    private static void respond(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        smtp.stop();
    }

}
