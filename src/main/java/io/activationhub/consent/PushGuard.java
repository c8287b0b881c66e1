package io.activationhub.consent;

import io.activationhub.privacy.Identifiers;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The last check before a message leaves the hub, made by each channel at push time (not only when the audience was
 * built): between the two, a person may have unsubscribed, replied STOP, bounced, been put on the do-not-contact list,
 * asked for erasure, or reached the contact frequency they chose. A refusal names its reason.
 */
@Component("pushGuard")
public class PushGuard {

    /** Why a push was not made. */
    public enum Refusal {
        ERASED("customer erased"),
        NO_CONSENT("no granted consent on the channel"),
        SUPPRESSED("address suppressed on the channel"),
        FREQUENCY_CAP("customer's maximum contacts per month reached");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;

    public PushGuard(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param channel email | sms | postal | phone | ads
     * @param address the address the message goes to, normalised as stored (email lower-case, E.164 mobile), or null
     *                for channels whose suppression key is not a single address (postal is checked on its address key)
     * @return the reason to refuse, or empty when the push may go
     */
    public Optional<Refusal> check(long customerId, String channel, String address) {
        String ch = channel.toLowerCase(Locale.ROOT);
        List<String> status = jdbc.queryForList("""
                select coalesce((select status from consent_current where customer_id = c.id and channel = :ch), 'none')
                from customer c where c.id = :c""", new MapSqlParameterSource("c", customerId).addValue("ch", ch), String.class);
        if (status.isEmpty()) {
            return Optional.of(Refusal.ERASED);
        }
        if (!"granted".equals(status.get(0))) {
            return Optional.of(Refusal.NO_CONSENT);
        }
        if (address != null && !address.isBlank()) {
            Integer hits = jdbc.queryForObject("""
                    select count(*) from suppression where channel = :ch and address_hash = :h""",
                    new MapSqlParameterSource("ch", ch).addValue("h", Identifiers.sha256(address.trim())), Integer.class);
            if (hits != null && hits > 0) {
                return Optional.of(Refusal.SUPPRESSED);
            }
        }
        Boolean capped = jdbc.queryForObject("""
                select coalesce((select p.max_per_month <= (select count(*) from push x where x.customer_id = p.customer_id
                                          and x.status = 'SENT' and x.sent_at > now() - interval '30 days')
                                 from contact_preference p where p.customer_id = :c and p.max_per_month is not null), false)""",
                new MapSqlParameterSource("c", customerId), Boolean.class);
        if (Boolean.TRUE.equals(capped)) {
            return Optional.of(Refusal.FREQUENCY_CAP);
        }
        return Optional.empty();
    }

    /** For routes: the refusal text, or null when the push may go. */
    public String refusal(long customerId, String channel, String address) {
        return check(customerId, channel, address).map(Refusal::text).orElse(null);
    }
}
