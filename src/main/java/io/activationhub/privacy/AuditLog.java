package io.activationhub.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Map;

/** Who did what to whose data, when. Details never hold personal data in clear. */
@Repository
public class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final NamedParameterJdbcTemplate jdbc;

    public AuditLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long record(String actor, String action, String subject, Map<String, ?> details) {
        try {
            return jdbc.queryForObject("""
                    insert into audit_event (actor, action, subject, details) values (:actor, :action, :subject, cast(:details as jsonb))
                    returning id""", new MapSqlParameterSource("actor", actor).addValue("action", action)
                    .addValue("subject", subject).addValue("details", JSON.writeValueAsString(details)), Long.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serialisable", e);
        }
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.queryForList("select id, at, actor, action, subject, details::text as details from audit_event "
                + "order by id desc limit :l", Map.of("l", limit));
    }
}
