package io.activationhub.returns;

import io.activationhub.hygiene.Masking;
import io.activationhub.ingest.MessageRejected;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery status notification (RFC 3464): a {@code multipart/report; report-type=delivery-status} message whose
 * {@code message/delivery-status} part (or {@code message/global-delivery-status}, RFC 6533) has one block of
 * per-message fields and one block per recipient ({@code Final-Recipient}, {@code Action}, {@code Status},
 * {@code Diagnostic-Code}...). A {@code Status} of 5.x.x is a permanent failure (hard bounce), 4.x.x a temporary one
 * (soft bounce), 2.x.x no failure at all. {@link #toString()} leaves out the addresses: this record may be logged.
 *
 * @param messageId the DSN's own Message-ID (or a hash of the message when it has none): a DSN read twice is one
 */
public record DeliveryStatusNotification(String messageId, String reportingMta, String arrivalDate,
                                         List<Recipient> recipients) {

    /** What a recipient's status means for the address. */
    public enum Kind { HARD, SOFT, NONE }

    /**
     * One recipient's outcome.
     *
     * @param address    the final recipient, lower-cased
     * @param diagnostic the Diagnostic-Code with any email address in it masked
     */
    public record Recipient(String address, String action, String status, Kind kind, String diagnostic) {
    }

    private static final Pattern STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final Pattern ADDRESS_IN_TEXT = Pattern.compile("[^\\s<>()\\[\\]\"',;:@]+@[A-Za-z0-9.-]+");
    private static final int MAX_DIAGNOSTIC = 500;
    private static final int MAX_BYTES = 10 * 1024 * 1024;

    public List<Recipient> bounces() {
        return recipients.stream().filter(r -> r.kind() != Kind.NONE).toList();
    }

    @Override
    public String toString() {
        long hard = recipients.stream().filter(r -> r.kind() == Kind.HARD).count();
        long soft = recipients.stream().filter(r -> r.kind() == Kind.SOFT).count();
        return "DSN[" + messageId + ", " + hard + " hard, " + soft + " soft, "
                + (recipients.size() - hard - soft) + " other]";
    }

    /**
     * Reads a raw RFC 822 message.
     *
     * @throws MessageRejected when it is not a delivery status notification, with what it is instead
     */
    public static DeliveryStatusNotification parse(byte[] raw) {
        if (raw.length > MAX_BYTES) {
            throw new MessageRejected("message larger than " + MAX_BYTES + " bytes");
        }
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            ContentType type = contentType(message);
            if (!type.match("multipart/report")) {
                throw new MessageRejected("not a delivery status notification (RFC 3464): content type "
                        + type.getBaseType().toLowerCase(Locale.ROOT));
            }
            String reportType = type.getParameter("report-type");
            if (reportType != null && !reportType.equalsIgnoreCase("delivery-status")) {
                throw new MessageRejected("a report of type '" + reportType + "', not delivery-status");
            }
            Part status = statusPart(message);
            if (status == null) {
                throw new MessageRejected("multipart/report without a message/delivery-status part");
            }
            List<Map<String, String>> blocks;
            try (InputStream in = status.getInputStream()) {
                blocks = blocks(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Map<String, String> perMessage = Map.of();
            List<Recipient> recipients = new ArrayList<>();
            for (Map<String, String> block : blocks) {
                if (block.containsKey("final-recipient") || block.containsKey("original-recipient")) {
                    recipients.add(recipient(block));
                } else if (perMessage.isEmpty()) {
                    perMessage = block;
                }
            }
            if (recipients.isEmpty()) {
                throw new MessageRejected("delivery status without any recipient block");
            }
            String id = message.getMessageID();
            return new DeliveryStatusNotification(id == null ? "sha256:" + sha256(raw) : id.trim(),
                    value(perMessage.get("reporting-mta")), perMessage.get("arrival-date"), List.copyOf(recipients));
        } catch (MessagingException | IOException e) {
            throw new MessageRejected("unreadable MIME message: " + e.getMessage());
        }
    }

    private static ContentType contentType(Part part) throws MessagingException {
        String header = part.getContentType();
        try {
            return new ContentType(header == null ? "text/plain" : header);
        } catch (ParseException e) {
            throw new MessageRejected("unreadable content type");
        }
    }

    private static Part statusPart(Part part) throws MessagingException, IOException {
        ContentType type = contentType(part);
        if (type.match("message/delivery-status") || type.match("message/global-delivery-status")) {
            return part;
        }
        if (type.getPrimaryType().equalsIgnoreCase("multipart") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                Part found = statusPart(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Header-style blocks separated by blank lines, field names lower-cased, folded lines unfolded. */
    static List<Map<String, String>> blocks(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String lastField = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                lastField = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && lastField != null) {
                block.put(lastField, block.get(lastField) + " " + line.trim());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lastField = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    block.putIfAbsent(lastField, line.substring(colon + 1).trim());
                }
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }

    private static Recipient recipient(Map<String, String> block) {
        String address = value(block.getOrDefault("final-recipient", block.get("original-recipient")));
        if (address == null || address.isBlank()) {
            throw new MessageRejected("recipient block without an address");
        }
        address = address.replaceAll("^<|>$", "").trim().toLowerCase(Locale.ROOT);
        String action = block.get("action") == null ? null : block.get("action").trim().toLowerCase(Locale.ROOT);
        String rawStatus = block.get("status");
        Matcher m = rawStatus == null ? null : STATUS.matcher(rawStatus);
        if (m == null || !m.find()) {
            throw new MessageRejected("recipient block without a Status (x.y.z)");
        }
        String status = m.group();
        Kind kind = switch (m.group(1)) {
            case "5" -> Kind.HARD;
            case "4" -> Kind.SOFT;
            default -> Kind.NONE;
        };
        return new Recipient(address, action, status, kind, mask(value(block.get("diagnostic-code"))));
    }

    /** {@code rfc822; a@b.org} -> {@code a@b.org}: the value after the type. */
    private static String value(String typed) {
        if (typed == null) {
            return null;
        }
        int semi = typed.indexOf(';');
        return (semi >= 0 ? typed.substring(semi + 1) : typed).trim();
    }

    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = ADDRESS_IN_TEXT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(Masking.email(m.group())));
        return masked.length() <= MAX_DIAGNOSTIC ? masked : masked.substring(0, MAX_DIAGNOSTIC);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
