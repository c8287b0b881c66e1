package io.activationhub.returns;

import io.activationhub.feed.StreamRuns;
import io.activationhub.ingest.MessageRejected;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bounces read from the bounce mailbox (route {@code email-bounces}): a hard bounce (DSN Status 5.x.x) suppresses the
 * address for email and is recorded; a soft one (4.x.x) is recorded and counted, nothing more. Addresses are kept as
 * their SHA-256 (as in {@code suppression}), never in clear, and never logged.
 */
@Component("emailBounces")
public class EmailBounces {

    public static final String FEED_ID = "email-bounces";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StreamRuns runs;

    public EmailBounces(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, StreamRuns runs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
    }

    /** The raw RFC 822 bytes of a mail read from the mailbox. */
    public byte[] raw(Message mail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            mail.writeTo(out);
        } catch (IOException | MessagingException e) {
            throw new MessageRejected("unreadable mail: " + e.getMessage());
        }
        return out.toByteArray();
    }

    public DeliveryStatusNotification check(byte[] raw) {
        return DeliveryStatusNotification.parse(raw);
    }

    /**
     * Records a DSN's bounces (once per DSN Message-ID and address) and suppresses hard-bounced addresses.
     *
     * @return ACCEPTED, or DUPLICATE when this DSN was recorded already
     */
    public StreamRuns.Outcome record(DeliveryStatusNotification dsn) {
        return tx.execute(status -> {
            List<DeliveryStatusNotification.Recipient> bounces = dsn.bounces();
            int recorded = 0;
            for (DeliveryStatusNotification.Recipient r : bounces) {
                String hash = DeliveryStatusNotification.sha256(r.address().getBytes(StandardCharsets.UTF_8));
                List<Long> customers = jdbc.queryForList("select id from customer where email = :e order by id",
                        Map.of("e", r.address()), Long.class);
                int inserted = jdbc.update("""
                        insert into email_bounce (dsn_message_id, address_hash, customer_id, kind, status, action,
                                                  diagnostic, reporting_mta, arrived_at, run_id)
                        values (:id, :hash, :customer, :kind, :status, :action, :diagnostic, :mta, :arrived, :run)
                        on conflict (dsn_message_id, address_hash) do nothing""",
                        new MapSqlParameterSource("id", dsn.messageId()).addValue("hash", hash)
                                .addValue("customer", customers.isEmpty() ? null : customers.get(0))
                                .addValue("kind", r.kind().name().toLowerCase(Locale.ROOT)).addValue("status", r.status())
                                .addValue("action", r.action()).addValue("diagnostic", r.diagnostic())
                                .addValue("mta", dsn.reportingMta())
                                .addValue("arrived", arrival(dsn.arrivalDate()))
                                .addValue("run", runs.runFor(FEED_ID, Instant.now())));
                recorded += inserted;
                if (inserted == 1 && r.kind() == DeliveryStatusNotification.Kind.HARD) {
                    jdbc.update("""
                            insert into suppression (channel, address_hash, reason, source)
                            values ('email', :hash, 'hard-bounce', :source) on conflict do nothing""",
                            new MapSqlParameterSource("hash", hash).addValue("source", "dsn " + r.status()));
                }
            }
            StreamRuns.Outcome outcome = recorded > 0 || bounces.isEmpty()
                    ? StreamRuns.Outcome.ACCEPTED : StreamRuns.Outcome.DUPLICATE;
            runs.count(FEED_ID, outcome);
            return outcome;
        });
    }

    /** The DSN's Arrival-Date (RFC 5322 date), {@code null} when absent or unreadable. */
    private static Timestamp arrival(String rfc822Date) {
        if (rfc822Date == null) {
            return null;
        }
        try {
            return Timestamp.from(ZonedDateTime.parse(rfc822Date.replaceAll("\\s*\\(.*\\)$", ""),
                    DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
