package io.activationhub.ads;

import io.activationhub.activation.ActivationLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ads part of the right to erasure: the rows an erased customer was pushed with (from the delta-sync state) are
 * queued, in the erasure's transaction, as removals owed to each platform list; they are pushed right after the
 * erasure and, until acknowledged, again by the retry schedule. Each push is an activation (channel {@code ads},
 * trigger {@code erasure}).
 */
@Component("adAudienceErasure")
public class AdAudienceErasure {

    private static final Logger log = LoggerFactory.getLogger(AdAudienceErasure.class);

    private final AdAudienceStore store;
    private final AdDelivery delivery;
    private final AdChannelSettings settings;
    private final ActivationLog activations;

    public AdAudienceErasure(AdAudienceStore store, AdDelivery delivery, AdChannelSettings settings,
                             ActivationLog activations) {
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
        this.activations = activations;
    }

    /** In the erasure's transaction: the lists the customer is on ({@code platform:audience}), now owed a removal. */
    public List<String> queue(long customerId, String erasureRef) {
        return store.queueRemovals(customerId, erasureRef);
    }

    /**
     * Pushes every removal owed, grouped by platform and list (batches of the platform's size), page after page of
     * {@link #pushPending} until none is owed or a page makes no progress (a platform down: its removals stay owed
     * for the retry schedule).
     *
     * @return one line per list and page
     */
    public List<String> pushAllOwed() {
        List<String> lines = new ArrayList<>();
        int before = Integer.MAX_VALUE;
        while (true) {
            int owed = store.owedRemovals();
            if (owed == 0 || owed >= before) {
                return lines;
            }
            before = owed;
            lines.addAll(pushPending(null));
        }
    }

    /**
     * Pushes the removals owed (those of one erasure, or all when {@code erasureRef} is null); returns one line per
     * list, e.g. {@code "meta audience vip: removal acknowledged"}.
     */
    public synchronized List<String> pushPending(String erasureRef) {
        Map<String, List<AdAudienceStore.Removal>> byList = new LinkedHashMap<>();
        for (AdAudienceStore.Removal r : store.pendingRemovals(erasureRef)) {
            byList.computeIfAbsent(r.platform().id() + "\u0000" + r.audienceId(), k -> new ArrayList<>()).add(r);
        }
        List<String> out = new ArrayList<>();
        byList.forEach((key, removals) -> {
            AdPlatform platform = removals.get(0).platform();
            String audienceId = removals.get(0).audienceId();
            String listId = store.listId(audienceId, platform);
            String what = platform.id() + " audience " + audienceId + ": ";
            if (listId == null) {
                removals.forEach(r -> store.removalDone(r.id()));
                out.add(what + "no list at the platform, nothing to remove");
                return;
            }
            List<AdMember> rows = removals.stream()
                    .map(r -> AdMember.fromRow(0, r.row(), platform.schema().size())).toList();
            long activationId = activations.start(audienceId, "ads", platform.id(), "erasure", false);
            int sent = 0;
            String error = null;
            for (int from = 0; from < rows.size(); from += settings.platform(platform).batchSize()) {
                int to = Math.min(rows.size(), from + settings.platform(platform).batchSize());
                AdDelivery.Outcome outcome = delivery.deliver(AdRequests.batch(platform, settings.platform(platform),
                        listId, AdRequests.Operation.REMOVE, rows.subList(from, to),
                        java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                        1, true, to - from), to - from);
                store.batch(activationId, audienceId, platform, from / settings.platform(platform).batchSize() + 1,
                        AdRequests.Operation.REMOVE, to - from, outcome.acknowledged(), outcome);
                for (AdAudienceStore.Removal r : removals.subList(from, to)) {
                    if (outcome.acknowledged()) {
                        store.removalDone(r.id());
                    } else {
                        store.removalFailed(r.id(), outcome.answer().error());
                    }
                }
                if (outcome.acknowledged()) {
                    sent += to - from;
                } else {
                    error = outcome.answer().error();
                }
            }
            activations.counted(activationId, 0, rows.size(), sent, rows.size() - sent, 0, error == null);
            out.add(what + (error == null ? "removal acknowledged" : "removal not acknowledged yet, retried later (" + error + ")"));
            log.info("Ads erasure removals on {} for audience {}: {} of {} acknowledged", platform.id(), audienceId, sent,
                    rows.size());
        });
        return out;
    }
}
