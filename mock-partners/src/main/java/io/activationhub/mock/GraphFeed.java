package io.activationhub.mock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/** The comments or mentions of one Graph object, newest first, paged with opaque cursors. */
final class GraphFeed {

    /** Fixed so that seeded feeds are the same on every run. */
    static final Instant SEED_NEWEST = Instant.parse("2026-11-20T10:15:00Z");

    private static final String[] SEED_TEXTS = {
            "Love the new winter collection!",
            "Is the click and collect service open on Sundays?",
            "Great welcome at the store this morning",
            "When does the sale start?",
            "My order arrived two days early, thanks",
            "The loyalty points did not show up on my account",
            "Any plans for a store in Lyon?",
            "The gift wrapping was lovely",
            "Parking was full again at the mall",
            "Best customer service I have had in a while",
    };

    private final TreeSet<GraphItem> items = new TreeSet<>();

    /** A deterministic feed of {@code count} items for this object and edge. */
    static GraphFeed seeded(String object, String edge, int count) {
        GraphFeed feed = new GraphFeed();
        int salt = Math.floorMod((object + "/" + edge).hashCode(), 1_000_000);
        for (int i = 0; i < count; i++) {
            int n = salt + i;
            String id = String.format("178%06d%08d", salt, count - i);
            feed.add(new GraphItem(id, SEED_NEWEST.minus(Duration.ofMinutes(47L * i)),
                    SEED_TEXTS[n % SEED_TEXTS.length], "retail_fan_" + (n % 97),
                    String.valueOf(17_841_400_000_000_000L + n % 97), (n * 7) % 40));
        }
        return feed;
    }

    /** Adds an item, replacing one with the same id. */
    synchronized void add(GraphItem item) {
        items.removeIf(existing -> existing.id().equals(item.id()));
        items.add(item);
    }

    synchronized List<GraphItem> list() {
        return List.copyOf(items);
    }

    /** Up to {@code limit} items after the cursor position (from the newest when the cursor is null). */
    synchronized Page page(String afterCursor, int limit) {
        List<GraphItem> page = new ArrayList<>(limit);
        var tail = afterCursor == null ? items : items.tailSet(decode(afterCursor), false);
        for (GraphItem item : tail) {
            if (page.size() == limit) {
                return new Page(page, true);
            }
            page.add(item);
        }
        return new Page(page, false);
    }

    record Page(List<GraphItem> items, boolean more) {
    }

    static String cursor(GraphItem item) {
        String position = item.timestamp().getEpochSecond() + ":" + item.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** A probe item sorting exactly where the cursor points; throws IllegalArgumentException when unreadable. */
    private static GraphItem decode(String cursor) {
        String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = position.indexOf(':');
        if (colon < 1 || colon == position.length() - 1) {
            throw new IllegalArgumentException("not a cursor");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(position.substring(0, colon)));
        return new GraphItem(position.substring(colon + 1), at, "", null, null, 0);
    }
}
