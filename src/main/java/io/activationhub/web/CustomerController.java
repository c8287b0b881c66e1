package io.activationhub.web;

import io.activationhub.customer.CustomerUnmerge;
import io.activationhub.customer.IdentityLinks;
import io.activationhub.scoring.ScoringRuns;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Golden records: {@code GET /api/customers} (paged), {@code GET /api/customers/{id}} with identities, household,
 * source records with why each was linked, and consents; {@code GET /api/customers/{id}/links};
 * {@code POST /api/customers/{id}/unmerge} detaches a source record into a customer of its own (admin, integrator);
 * {@code POST /api/customers/{id}/identities} attaches a social handle the person gave (admin, integrator).
 */
@RestController
@RequestMapping("/api/customers")
public class CustomerController {

    private final NamedParameterJdbcTemplate jdbc;
    private final ScoringRuns scoring;
    private final IdentityLinks links;
    private final CustomerUnmerge unmerge;
    private final io.activationhub.customer.SocialIdentities socialIdentities;

    public CustomerController(NamedParameterJdbcTemplate jdbc, ScoringRuns scoring, IdentityLinks links,
                              CustomerUnmerge unmerge, io.activationhub.customer.SocialIdentities socialIdentities) {
        this.socialIdentities = socialIdentities;
        this.jdbc = jdbc;
        this.scoring = scoring;
        this.links = links;
        this.unmerge = unmerge;
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
        Long household = (Long) rows.get(0).get("household_id");
        Map<String, Object> home = new LinkedHashMap<>();
        home.put("id", household == null ? id : household);
        home.put("customers", household == null ? List.of(id) : jdbc.queryForList(
                "select id from customer where household_id = :h order by id", Map.of("h", household), Long.class));
        out.put("household", home);
        out.put("links", links.explain(id));
        out.put("consents", jdbc.queryForList(
                "select channel, status, legal_basis, source, proof, effective_at from consent_current where customer_id = :id",
                Map.of("id", id)));
        // segment, RFM, churn, lifetime value and traits of the latest scoring run; null when never scored
        out.put("scores", scoring.currentScores(id).orElse(null));
        return out;
    }

    @GetMapping("/{id}/links")
    public List<Map<String, Object>> links(@PathVariable long id) {
        if (jdbc.queryForList("select id from customer where id = :id", Map.of("id", id)).isEmpty()) {
            throw new NotFound("no customer " + id);
        }
        return links.explain(id);
    }

    /** Body {@code {"source":"loyalty","sourceKey":"C001"}} or {@code {"linkId":12}}. */
    @PostMapping("/{id}/unmerge")
    public Map<String, Object> unmerge(@PathVariable long id, @RequestBody Map<String, Object> body, Principal who) {
        Object link = body.get("linkId");
        Long linkId;
        try {
            linkId = link == null ? null : Long.valueOf(link.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("linkId must be a number");
        }
        return unmerge.unmerge(id, linkId, text(body.get("source")), text(body.get("sourceKey")),
                who == null ? "anonymous" : who.getName());
    }

    /**
     * Body {@code {"source":"graph|x","key":"@handle or account id","evidence":"given at the till"}}: attaches a
     * social handle the person gave (admin, integrator); 409 when it belongs to another customer.
     */
    @PostMapping("/{id}/identities")
    public Map<String, Object> attachIdentity(@PathVariable long id, @RequestBody Map<String, Object> body, Principal who) {
        var attached = socialIdentities.attach(id, text(body.get("source")), text(body.get("key")),
                text(body.get("evidence")), who == null ? "anonymous" : who.getName());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", attached.customerId());
        out.put("source", attached.source());
        out.put("sourceKey", attached.sourceKey());
        out.put("alreadyAttached", attached.alreadyAttached());
        out.put("engagementsLinked", attached.engagementsLinked());
        return out;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }
}
