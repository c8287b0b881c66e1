package io.activationhub.feed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feed runs of the sources that have no files (Kafka streams, mailboxes): one run per feed and time window
 * ({@code hub.streams.run-window}, an hour by default), shared by every hub instance.
 * <p>
 * Why windows: a run per message would bury the feed's history, a single endless run would hide when things went
 * wrong; an hour of consumption is what an admin compares ("how many events were rejected this morning?"). The window
 * is the hour the hub <em>consumed</em> the message, not the event's own time (events arrive late and out of order).
 * <p>
 * Counts stay meaningful: each message is counted once, as accepted, rejected or duplicate, in the same transaction
 * as its effect, so read = accepted + rejected + duplicate at every moment. A message redelivered by Kafka after a
 * crash is counted again, as a duplicate, since it changes nothing. The current window's run is RUNNING; it
 * becomes SUCCEEDED (ended at the window's end) when the first message of a later window arrives.
 */
@Repository("streamRuns")
public class StreamRuns {

    /** What became of one message. */
    public enum Outcome { ACCEPTED, REJECTED, DUPLICATE }

    /** A streamed feed, as listed at {@code GET /api/feeds}. */
    public record StreamFeed(String kind, String description) {
    }

    /** The streamed feeds by id (declared at start so they show at {@code GET /api/feeds} before their first message). */
    public static final Map<String, StreamFeed> FEEDS = Map.of(
            "web-events", new StreamFeed("web-events", "Web and app events from Kafka hub.web.events"),
            "web-registrations", new StreamFeed("web-registrations",
                    "Web registrations and forms (POST /api/ingest/registrations, Kafka hub.web.registrations)"),
            "email-bounces", new StreamFeed("returns", "Email bounces (DSN, RFC 3464) read from the bounce mailbox"));

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FeedRunLedger ledger;
    private final Duration window;
    private final Map<String, long[]> current = new ConcurrentHashMap<>();

    public StreamRuns(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, FeedRunLedger ledger,
                      @Value("${hub.streams.run-window:PT1H}") Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("hub.streams.run-window must be positive, got " + window);
        }
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(tx.getTransactionManager());
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.ledger = ledger;
        this.window = window;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void declareFeeds() {
        FEEDS.forEach((id, feed) -> ledger.declareFeed(id, feed.kind(), feed.description()));
    }

    private io.activationhub.infra.HubMetrics metrics;

    /** The hub's metrics (README.md "Metrics"); absent in tests that build this class by hand. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setMetrics(io.activationhub.infra.HubMetrics metrics) {
        this.metrics = metrics;
    }

    /** Counts one message of a stream in the current window's run; call it in the transaction that stores the message. */
    public void count(String feedId, Outcome outcome) {
        count(feedId, outcome == Outcome.ACCEPTED ? 1 : 0, outcome == Outcome.REJECTED ? 1 : 0,
                outcome == Outcome.DUPLICATE ? 1 : 0);
    }

    /**
     * Counts a batch of messages of a stream in the current window's run, in one update; call it in the transaction
     * that stores the batch. Read is the sum of the three.
     */
    public void count(String feedId, long accepted, long rejected, long duplicate) {
        long read = accepted + rejected + duplicate;
        if (read == 0) {
            return;
        }
        long runId = runFor(feedId, Instant.now());
        jdbc.update("""
                update feed_run set read_count = read_count + :read, accepted_count = accepted_count + :accepted,
                       rejected_count = rejected_count + :rejected, duplicate_count = duplicate_count + :duplicate
                where id = :id""", new MapSqlParameterSource("id", runId).addValue("read", read)
                .addValue("accepted", accepted).addValue("rejected", rejected).addValue("duplicate", duplicate));
        if (metrics != null) {
            metrics.feedRows(feedId, read, accepted, rejected, duplicate);
        }
    }

    /** Counts a rejected message (after it went to the dead-letter topic). */
    public void rejected(String feedId) {
        count(feedId, Outcome.REJECTED);
    }

    /** The run of the window that contains {@code at}, created (and earlier windows closed) when it is the first. */
    public long runFor(String feedId, Instant at) {
        if (!FEEDS.containsKey(feedId)) {
            throw new IllegalArgumentException("unknown streamed feed '" + feedId + "'; known: " + FEEDS.keySet());
        }
        long start = at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), window.toMillis());
        long[] cached = current.get(feedId);
        if (cached != null && cached[0] == start) {
            return cached[1];
        }
        // its own transaction: the window's run must exist for every instance even if the caller's work rolls back
        Long runId = tx.execute(s -> {
            MapSqlParameterSource p = new MapSqlParameterSource("feed", feedId)
                    .addValue("start", Timestamp.from(Instant.ofEpochMilli(start)));
            // serialises the instances creating the same window
            jdbc.query("select pg_advisory_xact_lock(hashtext(:feed), 7)", p, rs -> { });
            List<Long> existing = jdbc.queryForList(
                    "select run_id from stream_run_window where feed_id = :feed and window_start = :start", p, Long.class);
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            jdbc.update("""
                    update feed_run r set status = 'SUCCEEDED', ended_at = w.window_start + :window * interval '1 millisecond'
                    from stream_run_window w
                    where w.run_id = r.id and w.feed_id = :feed and w.window_start < :start and r.status = 'RUNNING'""",
                    p.addValue("window", window.toMillis()));
            Instant from = Instant.ofEpochMilli(start);
            long id = ledger.start(feedId, feedId + " window " + from + " (" + window + ")", null, null);
            jdbc.update("insert into stream_run_window (feed_id, window_start, run_id) values (:feed, :start, :run)",
                    p.addValue("run", id));
            return id;
        });
        current.put(feedId, new long[]{start, runId});
        return runId;
    }
}
