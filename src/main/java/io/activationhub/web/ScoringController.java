package io.activationhub.web;

import io.activationhub.scoring.CustomerScoring;
import io.activationhub.scoring.ScoringRuns;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Scoring snapshots: {@code GET /api/scoring/runs}, {@code POST /api/scoring/runs} (score now, synchronously) and
 * {@code GET /api/segments/migration?from=&to=} (movements between the segments of two runs).
 */
@RestController
public class ScoringController {

    private final CustomerScoring scoring;
    private final ScoringRuns runs;

    public ScoringController(CustomerScoring scoring, ScoringRuns runs) {
        this.scoring = scoring;
        this.runs = runs;
    }

    @GetMapping("/api/scoring/runs")
    public List<Map<String, Object>> runs(@RequestParam(defaultValue = "50") int limit) {
        return runs.runs(Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * Scores now. {@code asOf} (a date) scores the customers as of the start of that day (default today);
     * {@code full=true} rebuilds the ticket facts from every line.
     */
    @PostMapping("/api/scoring/runs")
    public ResponseEntity<CustomerScoring.Outcome> run(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(defaultValue = "false") boolean full) {
        CustomerScoring.Outcome outcome = scoring.run("api", asOf == null ? LocalDate.now() : asOf, full);
        HttpStatus status = switch (outcome.status()) {
            case "SUCCEEDED" -> HttpStatus.CREATED;
            case "SKIPPED" -> HttpStatus.CONFLICT;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return ResponseEntity.status(status).body(outcome);
    }

    @GetMapping("/api/segments/migration")
    public Map<String, Object> migration(@RequestParam long from, @RequestParam long to) {
        return runs.migration(from, to);
    }
}
