package io.activationhub.audience;

import io.activationhub.infra.AdvisoryLock;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * Runs audiences on time (the {@code audience-clock} route ticks it): an audience with a {@code schedule} (Quartz
 * cron, Europe/Paris) runs when a fire time passed since its last scheduled run; an audience triggered by
 * {@code web-event} runs when web events were stored since the last tick (near real time: abandoned carts, products
 * viewed and not bought). Only one hub instance ticks at a time (a PostgreSQL advisory lock).
 */
@Component("audienceClock")
public class AudienceClock {

    public static final String WEB_EVENT = "web-event";
    /** When the latest web event was stored: one entry of an index (V69), however many events there are. */
    public static final String LATEST_WEB_EVENT = "select max(received_at) from web_event";
    private static final Logger log = LoggerFactory.getLogger(AudienceClock.class);
    private static final TimeZone PARIS = TimeZone.getTimeZone("Europe/Paris");

    private final AudienceCatalog catalog;
    private final AudienceActivation activation;
    private final NamedParameterJdbcTemplate jdbc;
    private volatile Timestamp lastWebEvent;
    private final Instant startedAt = Instant.now();

    public AudienceClock(AudienceCatalog catalog, AudienceActivation activation, NamedParameterJdbcTemplate jdbc) {
        this.catalog = catalog;
        this.activation = activation;
        this.jdbc = jdbc;
    }

    /** One tick, holding the clock's advisory lock ({@link AdvisoryLock}); nothing when another instance ticks. */
    public List<AudienceActivation.Result> tick() {
        try {
            return AdvisoryLock.whileHeld(jdbc.getJdbcTemplate().getDataSource(), 7007, this::tickLocked)
                    .orElse(List.of());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("audience clock: " + e.getMessage(), e);
        }
    }

    private List<AudienceActivation.Result> tickLocked() {
        List<AudienceActivation.Result> out = new ArrayList<>();
        Instant now = Instant.now();
        for (AudienceDefinition a : catalog.all()) {
            if (a.schedule() != null && due(a, now)) {
                out.add(activation.activate(a.id(), "schedule", false));
            }
        }
        Timestamp latest = jdbc.queryForObject(LATEST_WEB_EVENT, Map.of(), Timestamp.class);
        if (latest != null && (lastWebEvent == null || latest.after(lastWebEvent))) {
            lastWebEvent = latest;
            out.addAll(activation.onEvent(WEB_EVENT));
        }
        return out;
    }

    private boolean due(AudienceDefinition a, Instant now) {
        try {
            CronExpression cron = new CronExpression(a.schedule());
            cron.setTimeZone(PARIS);
            Timestamp last = jdbc.queryForObject(
                    "select max(started_at) from activation where audience_id = :a and trigger = 'schedule'",
                    Map.of("a", a.id()), Timestamp.class);
            Instant from = last != null ? last.toInstant() : startedAt;
            Date next = cron.getNextValidTimeAfter(Date.from(from));
            return next != null && !next.toInstant().isAfter(now);
        } catch (ParseException e) {
            log.warn("Audience {}: schedule is not a Quartz cron expression", a.id());
            return false;
        }
    }
}
