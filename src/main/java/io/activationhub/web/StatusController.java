package io.activationhub.web;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** The whole flow at a glance: {@code GET /api/status}. */
@RestController
public class StatusController {

    private final NamedParameterJdbcTemplate jdbc;

    public StatusController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/status")
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feeds", jdbc.queryForList("""
                select f.id as feed, count(r.id) as runs,
                       coalesce(sum(r.read_count), 0) as read, coalesce(sum(r.accepted_count), 0) as accepted,
                       coalesce(sum(r.rejected_count), 0) as rejected, coalesce(sum(r.duplicate_count), 0) as duplicate
                from feed f left join feed_run r on r.feed_id = f.id group by f.id order by f.id""", Map.of()));
        out.put("customers", jdbc.queryForObject("select count(*) from customer", Map.of(), Long.class));
        // every item is a line of one ticket (pos_ticket_line is their join)
        out.put("ticketLines", jdbc.queryForObject("select count(*) from pos_ticket_item", Map.of(), Long.class));
        out.put("ticketLinesLinkedToCustomers", jdbc.queryForObject(
                "select count(*) from pos_ticket_line where customer_id is not null", Map.of(), Long.class));
        out.put("activations", jdbc.queryForList("""
                select audience_id, channel, count(*) as runs, sum(member_count) as members, sum(sent_count) as sent,
                       sum(failed_count) as failed
                from activation group by audience_id, channel order by audience_id""", Map.of()));
        return out;
    }
}
