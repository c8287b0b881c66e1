package io.activationhub.scoring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a scoring run computes, from {@code hub.scoring.*} (each property is described in application.properties).
 * Segment rules, in order of precedence (the first that holds wins), with A the run's as-of instant:
 * <ol>
 *   <li>inactive: last purchase before A - inactiveDays</li>
 *   <li>new: first purchase at or after A - newDays</li>
 *   <li>reactivated: a purchase at or after A - recentDays, none in the lapseDays before that, and a first purchase
 *       before that gap</li>
 *   <li>best: a purchase at or after A - recentDays, frequency and monetary scores both at least bestMinScore</li>
 *   <li>loyal: a purchase at or after A - recentDays and at least loyalMinTickets tickets in the window</li>
 *   <li>at_risk: no purchase since A - recentDays, at least atRiskMinTickets tickets in the window</li>
 *   <li>occasional: everyone else who bought</li>
 * </ol>
 */
@ConfigurationProperties(prefix = "hub.scoring")
public record ScoringSettings(Integer windowDays, Integer scoreBuckets, Integer newDays, Integer recentDays,
                              Integer lapseDays, Integer inactiveDays, Integer bestMinScore, Integer loyalMinTickets,
                              Integer atRiskMinTickets, Double topShare, Double promoDrivenMinShare,
                              Double fullPriceMaxShare, Integer topCategories, Integer fitSample, Integer keepRuns,
                              Integer fullRefreshDays, String workMem) {

    /** The segments, in order of precedence. */
    public static final java.util.List<String> SEGMENTS =
            java.util.List.of("inactive", "new", "reactivated", "best", "loyal", "at_risk", "occasional");

    /** Days ahead of the predictions stored as expected_purchases_12m, churn_probability and clv_12m. */
    public static final int HORIZON_DAYS = 365;

    public ScoringSettings {
        windowDays = positive("window-days", windowDays, 365);
        scoreBuckets = positive("score-buckets", scoreBuckets, 5);
        newDays = positive("new-days", newDays, 90);
        recentDays = positive("recent-days", recentDays, 90);
        lapseDays = positive("lapse-days", lapseDays, 180);
        inactiveDays = positive("inactive-days", inactiveDays, 365);
        bestMinScore = positive("best-min-score", bestMinScore, 4);
        loyalMinTickets = positive("loyal-min-tickets", loyalMinTickets, 3);
        atRiskMinTickets = positive("at-risk-min-tickets", atRiskMinTickets, 2);
        topShare = share("top-share", topShare, 0.2);
        promoDrivenMinShare = share("promo-driven-min-share", promoDrivenMinShare, 0.5);
        fullPriceMaxShare = share("full-price-max-share", fullPriceMaxShare, 0.1);
        topCategories = positive("top-categories", topCategories, 3);
        fitSample = positive("fit-sample", fitSample, 200_000);
        keepRuns = positive("keep-runs", keepRuns, 30);
        fullRefreshDays = positive("full-refresh-days", fullRefreshDays, 7);
        workMem = io.activationhub.infra.WorkMem.checked("hub.scoring.work-mem", workMem, "1GB");
        if (scoreBuckets < 2 || bestMinScore > scoreBuckets) {
            throw new IllegalArgumentException("hub.scoring.score-buckets must be at least 2 and at least best-min-score");
        }
        if (fullPriceMaxShare >= promoDrivenMinShare) {
            throw new IllegalArgumentException("hub.scoring.full-price-max-share must be below promo-driven-min-share");
        }
    }

    /** Defaults for everything. */
    public static ScoringSettings defaults() {
        return new ScoringSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** The instants a run with this as-of compares ticket times to. */
    public Boundaries boundaries(LocalDateTime asOf) {
        LocalDateTime recentStart = asOf.minusDays(recentDays);
        return new Boundaries(asOf, asOf.minusDays(windowDays), recentStart, recentStart.minusDays(lapseDays),
                asOf.minusDays(newDays), asOf.minusDays(inactiveDays));
    }

    /** Ticket-time boundaries of one run: window [windowStart, asOf), recent [recentStart, asOf), gap [lapseStart, recentStart). */
    public record Boundaries(LocalDateTime asOf, LocalDateTime windowStart, LocalDateTime recentStart,
                             LocalDateTime lapseStart, LocalDateTime newStart, LocalDateTime inactiveBefore) {
    }

    /** The settings as stored with each run. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowDays", windowDays);
        m.put("scoreBuckets", scoreBuckets);
        m.put("newDays", newDays);
        m.put("recentDays", recentDays);
        m.put("lapseDays", lapseDays);
        m.put("inactiveDays", inactiveDays);
        m.put("bestMinScore", bestMinScore);
        m.put("loyalMinTickets", loyalMinTickets);
        m.put("atRiskMinTickets", atRiskMinTickets);
        m.put("topShare", topShare);
        m.put("promoDrivenMinShare", promoDrivenMinShare);
        m.put("fullPriceMaxShare", fullPriceMaxShare);
        m.put("topCategories", topCategories);
        m.put("fitSample", fitSample);
        m.put("horizonDays", HORIZON_DAYS);
        return m;
    }

    private static int positive(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            throw new IllegalArgumentException("hub.scoring." + name + " must be positive, got " + value);
        }
        return value;
    }

    private static double share(String name, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("hub.scoring." + name + " must be between 0 and 1, got " + value);
        }
        return value;
    }
}
