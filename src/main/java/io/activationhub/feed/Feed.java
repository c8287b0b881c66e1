package io.activationhub.feed;

/** A source of data the hub collects, with a summary of its last run. */
public record Feed(String id, String kind, String description, FeedRun lastRun, long runCount) {
}
