package io.activationhub.ads;

import io.activationhub.activation.ActivationLog;
import io.activationhub.audience.AudienceCatalog;
import io.activationhub.audience.AudienceDefinition;
import io.activationhub.audience.AudienceQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delta sync of an audience to an ad platform. The members are the audience's customers with the {@code ads}
 * consent granted ({@link AudienceQuery#forAds}); each is normalised and hashed for the platform
 * ({@link AdIdentifiers}) and compared with what the platform acknowledged last time ({@code ad_audience_member}):
 * only new members, changed members (old row removed, new row added) and members gone are pushed, in batches within
 * the platform's limit. A batch is recorded as pushed only once the platform acknowledged it; a batch that cannot be
 * delivered (after the retries of {@link AdDelivery}) stops the sync, which is then FAILED and retried later from
 * where it stopped: what was acknowledged is not sent again. Each sync is an activation (channel {@code ads},
 * partner {@code meta}/{@code google}) with its batches in {@code ad_audience_batch}.
 * <p>
 * The member query is read in chunks while batches are pushed, so a million members never sit in memory at once.
 */
@Component("adAudienceSync")
public class AdAudienceSync {

    private static final Logger log = LoggerFactory.getLogger(AdAudienceSync.class);
    private static final int HASH_CHUNK = 20_000;
    private static final Duration LEASE = Duration.ofHours(2);

    private final AudienceCatalog catalog;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final io.activationhub.audience.AudienceWorkMem workMem;
    /** Each acknowledged batch commits on its own, even while the member query is still being read. */
    private final TransactionTemplate writes;
    private final NamedParameterJdbcTemplate streaming;
    private final ActivationLog activations;
    private final AdAudienceStore store;
    private final AdDelivery delivery;
    private final AdChannelSettings settings;

    public AdAudienceSync(AudienceCatalog catalog, NamedParameterJdbcTemplate jdbc, TransactionTemplate tx,
                          ActivationLog activations, AdAudienceStore store, AdDelivery delivery, AdChannelSettings settings,
                          io.activationhub.audience.AudienceWorkMem workMem) {
        this.workMem = workMem;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.tx = tx;
        this.writes = new TransactionTemplate(java.util.Objects.requireNonNull(tx.getTransactionManager()));
        this.writes.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        org.springframework.jdbc.core.JdbcTemplate cursor = new org.springframework.jdbc.core.JdbcTemplate(
                java.util.Objects.requireNonNull(jdbc.getJdbcTemplate().getDataSource()));
        cursor.setFetchSize(5_000);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.activations = activations;
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
    }

    /** What a sync did. {@code rowsSent} counts rows the platform acknowledged (additions and removals). */
    public record Result(long activationId, String audienceId, String platform, String status, String listId,
                         int members, int excluded, int unchanged, int toAdd, int toRemove, int rowsSent,
                         int batches, int batchesFailed, int retries, int rateLimited, long received, long invalid,
                         long millis, String error, long hashMillis, long pushMillis, long storeMillis) {
    }

    /** Syncs every audience that declares ad platforms, on each of them. */
    public List<Result> syncDeclared(String trigger) {
        List<Result> out = new ArrayList<>();
        for (AudienceDefinition a : catalog.all()) {
            for (String platform : a.adPlatforms()) {
                out.add(syncQuietly(a.id(), platform, trigger));
            }
        }
        return out;
    }

    /**
     * After an activation of the audience (its schedule or trigger fired): syncs it on each ad platform it declares,
     * so the ad list follows the audience as its members change. Nothing when it declares none.
     */
    public List<Result> syncAfterActivation(String audienceId) {
        List<Result> out = new ArrayList<>();
        catalog.get(audienceId).ifPresent(a -> {
            for (String platform : a.adPlatforms()) {
                out.add(syncQuietly(a.id(), platform, "activation"));
            }
        });
        return out;
    }

    /** Syncs again every (audience, platform) whose last sync failed. */
    public List<Result> retryFailed() {
        List<Result> out = new ArrayList<>();
        for (String[] failed : store.failedSyncs()) {
            if (catalog.get(failed[0]).isPresent()) {
                out.add(syncQuietly(failed[0], failed[1], "retry"));
            }
        }
        return out;
    }

    private Result syncQuietly(String audienceId, String platform, String trigger) {
        try {
            return sync(audienceId, platform, trigger);
        } catch (RuntimeException e) {
            log.warn("Ads sync of {} on {} not run: {}", audienceId, platform, e.getMessage());
            return new Result(0, audienceId, platform, "NOT_RUN", null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    e.getMessage(), 0, 0, 0);
        }
    }

    /**
     * @throws NoSuchElementException  no such audience
     * @throws IllegalArgumentException unknown platform, or no list configured for it
     * @throws IllegalStateException    a sync of this audience on this platform is already running
     */
    public Result sync(String audienceId, String platformId, String trigger) {
        AudienceDefinition audience = catalog.get(audienceId)
                .orElseThrow(() -> new NoSuchElementException("no audience '" + audienceId + "'"));
        AdPlatform platform = AdPlatform.of(platformId);
        AdChannelSettings.Platform s = settings.platform(platform);
        if (platform == AdPlatform.GOOGLE && !s.userLists().containsKey(audienceId)) {
            throw new IllegalArgumentException("no Google user list for audience " + audienceId
                    + ": set hub.channels.ads.google.user-lists." + audienceId);
        }
        if (!store.lease(audienceId, platform, LEASE)) {
            throw new IllegalStateException("a sync of audience " + audienceId + " on " + platform.id() + " is running");
        }
        long started = System.nanoTime();
        long activationId = activations.start(audienceId, "ads", platform.id(), trigger, false);
        Run run = new Run(activationId, audience, platform, s);
        String status = "FAILED";
        try {
            try {
                run.execute();
            } finally {
                run.drain();
            }
            status = run.error == null ? "COMPLETED" : "FAILED";
        } catch (RuntimeException e) {
            run.error = run.error != null ? run.error : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw e;
        } finally {
            int queued = run.toAdd + run.toRemove;
            activations.counted(activationId, run.members, queued, run.rowsSent, queued - run.rowsSent, run.excluded,
                    run.error == null);
            store.release(audienceId, platform, status);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Result result = new Result(activationId, audienceId, platform.id(), status, run.listId, run.members,
                run.excluded, run.unchanged, run.toAdd, run.toRemove, run.rowsSent, run.batches, run.batchesFailed,
                run.retries, run.rateLimited, run.received, run.invalid, millis, run.error, run.hashNanos / 1_000_000,
                run.pushNanos / 1_000_000, run.storeNanos / 1_000_000);
        log.info("Ads sync {} of audience {} on {} ({}): {} in {} ms; {} members ({} without email or phone), "
                        + "{} unchanged, {} to add, {} to remove, {} rows acknowledged in {} batches ({} retries, {} rate-limited){}",
                activationId, audienceId, platform.id(), trigger, status, millis, run.members, run.excluded, run.unchanged,
                run.toAdd, run.toRemove, run.rowsSent, run.batches, run.retries, run.rateLimited,
                run.error == null ? "" : "; " + run.error);
        return result;
    }

    /** One sync's state. */
    private final class Run {
        final long activationId;
        final AudienceDefinition audience;
        final AdPlatform platform;
        final AdChannelSettings.Platform s;
        final long addSession = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        final long removeSession = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String listId;
        volatile String error;
        /** Batches go out in order on one thread while the next members are read and hashed (two at most queued). */
        final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ads-sync-sender");
            t.setDaemon(true);
            return t;
        });
        final java.util.concurrent.Semaphore queued = new java.util.concurrent.Semaphore(2);
        int members;
        int excluded;
        int unchanged;
        int toAdd;
        int toRemove;
        int rowsSent;
        int batches;
        int batchesFailed;
        int retries;
        int rateLimited;
        long received;
        long invalid;
        long hashNanos;
        long pushNanos;
        long storeNanos;
        int addSeq;
        int removeSeq;
        final List<AdMember> adds = new ArrayList<>();
        final Set<Long> changed = new HashSet<>();

        Run(long activationId, AudienceDefinition audience, AdPlatform platform, AdChannelSettings.Platform s) {
            this.activationId = activationId;
            this.audience = audience;
            this.platform = platform;
            this.s = s;
        }

        void execute() {
            listId = list();
            if (listId == null) {
                return;
            }
            Map<Long, Long> previous = store.fingerprints(audience.id(), platform);
            int estimatedTotal = Math.max(previous.size(), 1);
            AudienceQuery query = AudienceQuery.forAds(audience);
            List<AdIdentifiers.Contact> chunk = new ArrayList<>(HASH_CHUNK);
            tx.executeWithoutResult(status -> {
                workMem.apply(jdbc);
                streaming.query(query.sql(), query.params(), rs -> {
                    if (error != null) {
                        return;
                    }
                    chunk.add(new AdIdentifiers.Contact(rs.getLong("customer_id"), rs.getString("email"),
                            rs.getString("mobile"), rs.getString("first_name"), rs.getString("last_name"),
                            rs.getString("postcode"), rs.getString("city"), rs.getString("country")));
                    if (chunk.size() == HASH_CHUNK) {
                        compare(chunk, previous, estimatedTotal);
                        chunk.clear();
                    }
                });
            });
            if (error == null && !chunk.isEmpty()) {
                compare(chunk, previous, estimatedTotal);
            }
            if (error == null) {
                flushAdds(estimatedTotal, true);
            }
            if (error == null && !previous.isEmpty()) {
                List<AdMember> gone = store.rows(audience.id(), platform, previous.keySet());
                toRemove += gone.size();
                pushAll(AdRequests.Operation.REMOVE, gone, true);
            }
        }

        /** Hashes a chunk (on every core) and sorts it into unchanged, changed and new members. */
        private void compare(List<AdIdentifiers.Contact> contacts, Map<Long, Long> previous, int estimatedTotal) {
            long t = System.nanoTime();
            List<AdMember> hashed = contacts.parallelStream().map(c -> AdIdentifiers.member(platform, c)).toList();
            hashNanos += System.nanoTime() - t;
            for (int i = 0; i < hashed.size(); i++) {
                AdMember m = hashed.get(i);
                if (m == null) {
                    excluded++;
                    continue;
                }
                members++;
                Long before = previous.remove(m.customerId());
                if (before == null) {
                    adds.add(m);
                    toAdd++;
                } else if (before != m.fingerprint()) {
                    changed.add(m.customerId());
                    adds.add(m);
                    toAdd++;
                } else {
                    unchanged++;
                }
            }
            if (adds.size() >= s.batchSize()) {
                flushAdds(estimatedTotal, false);
            }
        }

        /** Pushes the full batches of additions (all of them at the end), the old rows of changed members first. */
        private void flushAdds(int estimatedTotal, boolean all) {
            if (!changed.isEmpty()) {
                List<AdMember> old = store.rows(audience.id(), platform, changed);
                toRemove += old.size();
                changed.clear();
                if (!pushAll(AdRequests.Operation.REMOVE, old, false)) {
                    return;
                }
            }
            int full = all ? adds.size() : adds.size() - adds.size() % s.batchSize();
            List<AdMember> ready = new ArrayList<>(adds.subList(0, full));
            adds.subList(0, full).clear();
            pushAll(AdRequests.Operation.ADD, ready, all);
        }

        /** Pushes rows in batches; false (with {@link #error} set) when a batch could not be delivered. */
        private boolean pushAll(AdRequests.Operation operation, List<AdMember> rows, boolean lastOfOperation) {
            for (int from = 0; from < rows.size() && error == null; from += s.batchSize()) {
                List<AdMember> batch = rows.subList(from, Math.min(rows.size(), from + s.batchSize()));
                boolean last = lastOfOperation && from + s.batchSize() >= rows.size();
                push(operation, batch, last);
            }
            return error == null;
        }

        /** Queues a batch for the sender; blocks while two are already waiting. */
        private void push(AdRequests.Operation operation, List<AdMember> rows, boolean last) {
            if (error != null) {
                return;
            }
            List<AdMember> batch = List.copyOf(rows);
            try {
                queued.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while queueing an ads batch", e);
            }
            sender.execute(() -> {
                try {
                    if (error == null) {
                        send(operation, batch, last);
                    }
                } catch (RuntimeException e) {
                    error = operation.name().toLowerCase() + " batch: " + e.getClass().getSimpleName() + " " + e.getMessage();
                } finally {
                    queued.release();
                }
            });
        }

        /** Waits for the batches queued to be sent. */
        void drain() {
            sender.shutdown();
            try {
                if (!sender.awaitTermination(6, java.util.concurrent.TimeUnit.HOURS)) {
                    throw new IllegalStateException("ads batches still being sent after 6 hours");
                }
            } catch (InterruptedException e) {
                sender.shutdownNow();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending ads batches", e);
            }
        }

        private void send(AdRequests.Operation operation, List<AdMember> batch, boolean last) {
            int seq = operation == AdRequests.Operation.ADD ? ++addSeq : ++removeSeq;
            AdPlatformPort.Call call = AdRequests.batch(platform, s, listId, operation, batch,
                    operation == AdRequests.Operation.ADD ? addSession : removeSession, seq, last,
                    Math.max(batch.size(), operation == AdRequests.Operation.ADD ? toAdd : toRemove));
            long t = System.nanoTime();
            AdDelivery.Outcome outcome = delivery.deliver(call, batch.size());
            pushNanos += System.nanoTime() - t;
            t = System.nanoTime();
            batches++;
            retries += Math.max(0, outcome.attempts() - 1);
            rateLimited += outcome.rateLimited();
            if (outcome.acknowledged()) {
                writes.executeWithoutResult(st -> {
                    store.acknowledged(audience.id(), platform, operation, batch);
                    store.batch(activationId, audience.id(), platform, batches, operation, batch.size(), true, outcome);
                });
                rowsSent += batch.size();
                received += outcome.answer().received() == null ? batch.size() : outcome.answer().received();
                invalid += outcome.answer().invalid() == null ? 0 : outcome.answer().invalid();
                storeNanos += System.nanoTime() - t;
            } else {
                batchesFailed++;
                writes.executeWithoutResult(st -> store.batch(activationId, audience.id(), platform, batches, operation, batch.size(), false, outcome));
                error = operation.name().toLowerCase() + " batch " + seq + " not acknowledged after " + outcome.attempts()
                        + " attempts: " + outcome.answer().error();
            }
        }

        /** The platform's list: Meta's custom audience (created at the first sync), Google's configured user list. */
        private String list() {
            if (platform == AdPlatform.GOOGLE) {
                String id = s.userLists().get(audience.id());
                store.saveListId(audience.id(), platform, id);
                return id;
            }
            String id = store.listId(audience.id(), platform);
            if (id != null) {
                return id;
            }
            AdDelivery.Outcome created = delivery.deliver(AdRequests.metaCreateAudience(s, audience.id(), audience.name()), 1);
            if (!created.acknowledged() || created.answer().partnerRef() == null) {
                error = "custom audience not created: " + created.answer().error();
                return null;
            }
            store.saveListId(audience.id(), platform, created.answer().partnerRef());
            return created.answer().partnerRef();
        }
    }

    /** The batches of a sync, for the API. */
    public Map<String, Object> describe(Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sync", r);
        out.put("batches", r.activationId() == 0 ? List.of() : store.batches(r.activationId()));
        out.put("circuit", delivery.circuit(AdPlatform.of(r.platform())));
        return out;
    }
}
