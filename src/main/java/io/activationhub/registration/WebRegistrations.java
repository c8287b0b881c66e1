package io.activationhub.registration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.activationhub.feed.StreamRuns;
import io.activationhub.ingest.MessageRejected;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Web registrations between the HTTP boundary and the store: {@link #submission} gives a checked form its id and
 * publishable JSON; the route {@code web-registrations} reads it back from Kafka ({@link #check}) and stores it once
 * per submission id ({@link #store}); reconciliation turns it into a customer later.
 */
@Component("webRegistrations")
public class WebRegistrations {

    public static final String FEED_ID = "web-registrations";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StreamRuns runs;

    public WebRegistrations(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, StreamRuns runs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
    }

    /** A new submission of checked fields, with its id. */
    public Submission submission(Map<String, String> fields, String clientIp, String peerIp) {
        return new Submission(UUID.randomUUID().toString(), Instant.now(), clientIp, peerIp, fields);
    }

    public String toJson(Submission s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a submission as JSON", e);
        }
    }

    /** Reads a submission back from the topic; what cannot be one is rejected (the route dead-letters it). */
    public Submission check(String json) {
        Submission s;
        try {
            s = JSON.readValue(json, Submission.class);
        } catch (IOException | RuntimeException e) {
            throw new MessageRejected("not a registration submission: " + e.getClass().getSimpleName());
        }
        if (s == null || s.submissionId() == null || s.submittedAt() == null || s.clientIp() == null
                || s.peerIp() == null || s.fields() == null) {
            throw new MessageRejected("submission lacks its id, time, addresses or fields");
        }
        try {
            RegistrationForm.check(JSON.writeValueAsString(s.fields()));
        } catch (IllegalArgumentException | IOException e) {
            throw new MessageRejected("submission fields refused: " + e.getMessage());
        }
        return s;
    }

    /** Stores a submission once (a redelivery is a duplicate) and counts it in the feed's current run. */
    public StreamRuns.Outcome store(Submission s) {
        return tx.execute(status -> {
            MapSqlParameterSource p = new MapSqlParameterSource("id", s.submissionId())
                    .addValue("at", Timestamp.from(s.submittedAt())).addValue("client", s.clientIp())
                    .addValue("peer", s.peerIp()).addValue("run", runs.runFor(FEED_ID, Instant.now()));
            RegistrationForm.FIELDS.forEach(f -> p.addValue(f, s.fields().get(f)));
            int inserted = jdbc.update("""
                    insert into web_registration (submission_id, submitted_at, client_ip, peer_ip, run_id, cookie_id,
                           card_number, civility, first_name, last_name, contact, birth_date, email, phone, mobile,
                           address_line1, address_line2, address_line3, address_line4, postcode, city, country,
                           optin_email, optin_sms, optin_postal)
                    values (:id, :at, :client, :peer, :run, :cookie_id, :card_number, :civility, :first_name, :last_name,
                           :contact, :birth_date, :email, :phone, :mobile, :address_line1, :address_line2,
                           :address_line3, :address_line4, :postcode, :city, :country, :optin_email, :optin_sms,
                           :optin_postal)
                    on conflict (submission_id) do nothing""", p);
            StreamRuns.Outcome outcome = inserted == 1 ? StreamRuns.Outcome.ACCEPTED : StreamRuns.Outcome.DUPLICATE;
            runs.count(FEED_ID, outcome);
            return outcome;
        });
    }
}
