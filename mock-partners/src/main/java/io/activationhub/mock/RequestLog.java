package io.activationhub.mock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last requests a partner mock received, oldest first, bounded so a long demo cannot exhaust memory. */
final class RequestLog {

    static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private long total;

    RequestLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    synchronized void add(RecordedRequest request) {
        if (requests.size() == capacity) {
            requests.removeFirst();
        }
        requests.addLast(request);
        total++;
    }

    synchronized List<RecordedRequest> list() {
        return List.copyOf(requests);
    }

    synchronized int size() {
        return requests.size();
    }

    /** Requests received since the last forget, including those pushed out by the bound. */
    synchronized long total() {
        return total;
    }

    synchronized void forget() {
        requests.clear();
        total = 0;
    }
}
