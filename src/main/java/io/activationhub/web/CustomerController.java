package io.activationhub.web;

import io.activationhub.scoring.ScoringRuns;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden records: {@code GET /api/customers} (paged), {@code GET /api/customers/{id}} with identities and consents. */
@RestController
@RequestMapping("/api/customers")
public class CustomerController {

    private final NamedParameterJdbcTemplate jdbc;
    private final ScoringRuns scoring;

    public CustomerController(NamedParameterJdbcTemplate jdbc, ScoringRuns scoring) {
        this.jdbc = jdbc;
        this.scoring = scoring;
    }

    @GetMapping
    public Map<String, Object> customers(@RequestParam(defaultValue = "0") long afterId,
                                         @RequestParam(defaultValue = "50") int limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", jdbc.queryForObject("select count(*) from customer", Map.of(), Long.class));
        out.put("customers", jdbc.queryForList("""
                select * from customer_profile where customer_id > :after order by customer_id limit :limit""",
                new MapSqlParameterSource("after", afterId).addValue("limit", Math.max(1, Math.min(limit, 1000)))));
        return out;
    }

    @GetMapping("/{id}")
    public Map<String, Object> customer(@PathVariable long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("select * from customer where id = :id", Map.of("id", id));
        if (rows.isEmpty()) {
            throw new NotFound("no customer " + id);
        }
        Map<String, Object> out = new LinkedHashMap<>(rows.get(0));
        out.put("profile", jdbc.queryForMap("select * from customer_profile where customer_id = :id", Map.of("id", id)));
        out.put("identities", jdbc.queryForList(
                "select source, source_key, link_rule, linked_at from customer_identity where customer_id = :id order by source",
                Map.of("id", id)));
        out.put("consents", jdbc.queryForList(
                "select channel, status, legal_basis, source, proof, effective_at from consent_current where customer_id = :id",
                Map.of("id", id)));
        // segment, RFM, churn, lifetime value and traits of the latest scoring run; null when never scored
        out.put("scores", scoring.currentScores(id).orElse(null));
        return out;
    }
}
