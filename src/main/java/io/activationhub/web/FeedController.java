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

    public FeedController(FeedRunLedger ledger) {
        this.ledger = ledger;
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
