package io.activationhub.ads;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the ads channel ({@code hub.channels.ads.*}): per platform its token, account and batch size; the
 * retry, rate-limit and circuit-breaker policy shared by both.
 *
 * @param maxAttempts        attempts of one batch against 5xx, dropped connections and an open circuit
 * @param initialBackoff     first wait after a failed attempt, doubled each time up to {@code maxBackoff}
 * @param maxRateLimitWaits  how many 429 answers one batch may get before the sync stops (and is retried later)
 * @param maxRetryAfter      the longest Retry-After the hub waits in place; longer ones stop the sync for later
 * @param breakerOpen        how long a platform's circuit stays open after repeated failures
 */
public record AdChannelSettings(Map<AdPlatform, Platform> platforms, int maxAttempts, Duration initialBackoff,
                                Duration maxBackoff, int maxRateLimitWaits, Duration maxRetryAfter,
                                Duration breakerOpen, int breakerMinimumCalls) {

    /**
     * @param accessToken   Meta access token (form field) or Google OAuth bearer token; from the environment
     * @param account       Meta ad account id (digits, without {@code act_}) or Google operating account id
     * @param accountType   Google operating account type (GOOGLE_ADS...); unused by Meta
     * @param version       Meta Graph API version (v21.0...); unused by Google
     * @param batchSize     members per request, at most the platform's limit
     * @param userLists     Google: the product destination (user list) id per audience id; Meta creates its own
     */
    public record Platform(String accessToken, String account, String accountType, String version, int batchSize,
                           Map<String, String> userLists) {
        /** Never the token. */
        @Override
        public String toString() {
            return "Platform[account " + account + ", batch " + batchSize + "]";
        }
    }

    public Platform platform(AdPlatform platform) {
        Platform p = platforms.get(platform);
        if (p == null) {
            throw new IllegalStateException("ad platform " + platform.id() + " is not configured");
        }
        return p;
    }
}
