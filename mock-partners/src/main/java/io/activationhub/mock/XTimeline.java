package io.activationhub.mock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongFunction;

/** The mentions of one user, newest (highest id) first. */
final class XTimeline {

    /** Fixed so that seeded timelines are the same on every run. */
    static final Instant SEED_NEWEST = Instant.parse("2026-11-20T10:15:00Z");
    static final long SEED_BASE_ID = 1_860_000_000_000_000_000L;
    static final long SEED_ID_STEP = 1_000_000L;

    private static final String[] SEED_TEXTS = {
            "Queue at the checkout was quick today, well done",
            "Still waiting for my refund, any news?",
            "The new app makes reordering so easy",
            "Which stores carry the organic range?",
            "Delivery slot missed again this week",
            "Loving the student discount",
            "Can I return an online order in store?",
    };

    private final NavigableMap<Long, XMention> byId = new TreeMap<>();

    static XTimeline seeded(String userId, int count) {
        XTimeline timeline = new XTimeline();
        int salt = Math.floorMod(userId.hashCode(), 1000);
        for (int i = 0; i < count; i++) {
            int n = salt + i;
            long id = SEED_BASE_ID + (long) i * SEED_ID_STEP + salt;
            timeline.add(new XMention(String.valueOf(id), SEED_TEXTS[n % SEED_TEXTS.length],
                    String.valueOf(1_500_000_000_000_000_000L + n % 89),
                    SEED_NEWEST.minus(Duration.ofMinutes(37L * (count - 1 - i))),
                    n % 3, n % 5, (n * 11) % 50, n % 2));
        }
        return timeline;
    }

    synchronized void add(XMention mention) {
        byId.put(mention.numericId(), mention);
    }

    /** Adds the mention built with an id above every mention so far. */
    synchronized XMention append(LongFunction<XMention> withId) {
        XMention mention = withId.apply(byId.isEmpty() ? SEED_BASE_ID : byId.lastKey() + SEED_ID_STEP);
        add(mention);
        return mention;
    }

    synchronized List<XMention> list() {
        return List.copyOf(byId.descendingMap().values());
    }

    /**
     * Up to {@code max} mentions with since &lt; id &lt; until, newest first.
     *
     * @param sinceId exclusive lower bound, or null
     * @param untilId exclusive upper bound, or null
     */
    synchronized Page page(Long sinceId, Long untilId, int max) {
        NavigableMap<Long, XMention> range = byId;
        if (sinceId != null) {
            range = range.tailMap(sinceId, false);
        }
        if (untilId != null) {
            range = range.headMap(untilId, false);
        }
        List<XMention> page = new ArrayList<>(max);
        for (XMention mention : range.descendingMap().values()) {
            if (page.size() == max) {
                return new Page(page, true);
            }
            page.add(mention);
        }
        return new Page(page, false);
    }

    record Page(List<XMention> mentions, boolean more) {
    }
}
