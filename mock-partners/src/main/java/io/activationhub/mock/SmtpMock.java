package io.activationhub.mock;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The email partner: an SMTP server (GreenMail) that keeps every message it accepts. */
final class SmtpMock implements AutoCloseable {

    private volatile GreenMail greenMail;
    private final String host;

    private SmtpMock(GreenMail greenMail, String host) {
        this.greenMail = greenMail;
        this.host = host;
    }

    /** Stops answering on its ports, as a mail server that is down (what it received is forgotten). */
    synchronized void down() {
        if (downPorts != null) {
            return;
        }
        downPorts = new int[]{greenMail.getSmtp().getPort(), greenMail.getImap().getPort()};
        greenMail.stop();
    }

    private int[] downPorts;

    /** Back up on the same ports, empty. */
    synchronized void up() {
        if (downPorts == null) {
            return;
        }
        int smtpPort = downPorts[0];
        int imapPort = downPorts[1];
        downPorts = null;
        GreenMail restarted = new GreenMail(new ServerSetup[]{new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, host, ServerSetup.PROTOCOL_IMAP)});
        restarted.start();
        restarted.setUser(MockPartners.BOUNCE_MAILBOX, MockPartners.BOUNCE_MAILBOX, MockPartners.BOUNCE_MAILBOX_PASSWORD);
        greenMail = restarted;
    }

    static SmtpMock start(String host, int port) {
        ServerSetup setup = new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP);
        // the same server keeps the bounce mailbox, read over IMAP (SMTP port + 118: 3025 -> 3143, GreenMail's habit)
        ServerSetup imap = new ServerSetup(port == 0 ? 0 : port + 118, host, ServerSetup.PROTOCOL_IMAP);
        GreenMail greenMail = new GreenMail(port == 0 ? new ServerSetup[]{setup.dynamicPort(), imap.dynamicPort()}
                : new ServerSetup[]{setup, imap});
        greenMail.start();
        greenMail.setUser(MockPartners.BOUNCE_MAILBOX, MockPartners.BOUNCE_MAILBOX, MockPartners.BOUNCE_MAILBOX_PASSWORD);
        return new SmtpMock(greenMail, host);
    }

    synchronized boolean isDown() {
        return downPorts != null;
    }

    synchronized int port() {
        return downPorts != null ? downPorts[0] : greenMail.getSmtp().getPort();
    }

    synchronized int imapPort() {
        return downPorts != null ? downPorts[1] : greenMail.getImap().getPort();
    }

    int count() {
        return greenMail.getReceivedMessages().length;
    }

    /** The messages accepted so far, oldest first. */
    List<Map<String, Object>> receivedEmails() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            out.add(describe(m));
        }
        return out;
    }

    void forget() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
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

    @Override
    public void close() {
        greenMail.stop();
    }
}
