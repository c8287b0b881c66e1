package io.activationhub.web;

import io.activationhub.feed.Feed;
import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Feeds and their runs: {@code GET /api/feeds}, {@code GET /api/feeds/{id}/runs}. */
@RestController
@RequestMapping("/api/feeds")
public class FeedController {

    private final FeedRunLedger ledger;
    private final io.activationhub.feed.DataQualityReports quality;

    public FeedController(FeedRunLedger ledger, io.activationhub.feed.DataQualityReports quality) {
        this.ledger = ledger;
        this.quality = quality;
    }

    /** What cleaning fixed, flagged and rejected in one run, per field and rule. */
    @GetMapping("/{id}/runs/{runId}/quality")
    public java.util.Map<String, Object> quality(@PathVariable String id, @PathVariable long runId) {
        FeedRun run = ledger.run(runId).filter(r -> r.feedId().equals(id))
                .orElseThrow(() -> new NotFound("no run " + runId + " of feed '" + id + "'"));
        java.util.Map<String, Object> report = new java.util.LinkedHashMap<>(quality.report(run.id()));
        report.put("feed", id);
        report.put("read", run.read());
        report.put("accepted", run.accepted());
        report.put("rejected", run.rejected());
        report.put("duplicate", run.duplicate());
        return report;
    }

    /** Data-quality indicators per source over their last runs. */
    @GetMapping("/quality")
    public java.util.List<java.util.Map<String, Object>> qualityBySource(@RequestParam(defaultValue = "10") int lastRuns) {
        return quality.bySource(Math.max(1, Math.min(lastRuns, 1000)));
    }

    @GetMapping
    public List<Feed> feeds() {
        return ledger.feeds();
    }

    @GetMapping("/{id}/runs")
    public List<FeedRun> runs(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
        if (!ledger.feedExists(id)) {
            throw new NotFound("no feed '" + id + "'");
        }
        return ledger.runs(id, Math.max(1, Math.min(limit, 1000)));
    }
}
