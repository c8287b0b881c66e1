package io.activationhub.returns;

import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import io.activationhub.privacy.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the SMS gateway tells the hub after a send: delivery statuses (recorded per message, and on the push when the
 * message id is known) and replies. A STOP reply (French practice: STOP, STOP SMS, ARRET, ARRÊT, DESABONNER...) or the
 * gateway's error 21610 (recipient replied STOP) suppresses the number for SMS at once and withdraws SMS consent,
 * so the next push, and the rest of the current one, skip it.
 */
@Component
public class SmsReturns {

    private static final Logger log = LoggerFactory.getLogger(SmsReturns.class);
    private static final Set<String> STATUSES = Set.of("queued", "sending", "sent", "delivered", "undelivered", "failed",
            "accepted", "scheduled", "canceled", "read", "receiving", "received");
    private static final Pattern STOP = Pattern.compile(
            "^\\s*(STOP|STOP\\s*SMS|STOPALL|ARRET|ARRÊT|ARRETER|DESABONNER|DÉSABONNER|DESINSCRIRE|UNSUBSCRIBE|END|QUIT|CANCEL)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final NamedParameterJdbcTemplate jdbc;
    private final ConsentLedger consents;

    public SmsReturns(NamedParameterJdbcTemplate jdbc, ConsentLedger consents) {
        this.jdbc = jdbc;
        this.consents = consents;
    }

    @Transactional
    public void status(String messageSid, String status, String errorCode, String to) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (messageSid == null || !messageSid.matches("[A-Za-z0-9]{2,64}") || !STATUSES.contains(s) || to == null) {
            throw new IllegalArgumentException("a status callback needs MessageSid, a known MessageStatus and To");
        }
        jdbc.update("""
                insert into sms_status (message_sid, status, error_code, to_hash) values (:sid, :status, :error, :to)
                on conflict do nothing""", new MapSqlParameterSource("sid", messageSid).addValue("status", s)
                .addValue("error", errorCode == null || errorCode.isBlank() ? null : errorCode)
                .addValue("to", Identifiers.sha256(to.trim())));
        jdbc.update("""
                update push set status = case when :status in ('undelivered', 'failed') then 'FAILED' else status end,
                       error = case when :status in ('undelivered', 'failed') then 'gateway: ' || :status || coalesce(' ' || :error, '') else error end
                where partner_ref = :sid""", new MapSqlParameterSource("sid", messageSid).addValue("status", s)
                .addValue("error", errorCode == null || errorCode.isBlank() ? null : errorCode));
        if ("21610".equals(errorCode)) {
            optOut(to.trim(), "gateway error 21610 (recipient replied STOP) on " + messageSid);
        }
    }

    /** An inbound SMS; returns whether it was an opt-out. */
    @Transactional
    public boolean reply(String from, String body) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("an inbound SMS needs From");
        }
        boolean stop = body != null && STOP.matcher(body).matches();
        jdbc.update("insert into sms_reply (from_hash, keyword) values (:from, :kw)",
                new MapSqlParameterSource("from", Identifiers.sha256(from.trim()))
                        .addValue("kw", stop ? body.trim().split("\\s+")[0].toUpperCase(Locale.ROOT) : null));
        if (stop) {
            optOut(from.trim(), "SMS reply STOP");
        }
        return stop;
    }

    /** The gateway refused a send because the recipient had replied STOP to it (error 21610). */
    @Transactional
    public void unsubscribedAtGateway(String number, String proof) {
        optOut(number.trim(), proof);
    }

    private void optOut(String number, String proof) {
        jdbc.update("""
                insert into suppression (channel, address_hash, reason, source) values ('sms', :h, 'sms-stop', 'sms-gateway')
                on conflict do nothing""", Map.of("h", Identifiers.sha256(number)));
        List<Long> customers = jdbc.queryForList("""
                select id from customer where mobile = :n
                union select customer_id from customer_identity where source = 'mobile' and source_key = :n""",
                Map.of("n", number), Long.class);
        for (long c : customers) {
            consents.record(c, "sms", ConsentStatus.WITHDRAWN, "consent", "sms-stop", proof, Instant.now());
        }
        log.info("SMS opt-out: number suppressed for SMS, {} customer(s) withdrawn", customers.size());
    }
}
