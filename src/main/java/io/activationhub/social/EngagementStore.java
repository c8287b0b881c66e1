package io.activationhub.social;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores engagements once each (platform + item id) and keeps each source's watermark. */
@Repository
public class EngagementStore {

    private final NamedParameterJdbcTemplate jdbc;

    public EngagementStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when new, false when already stored (a duplicate) */
    public boolean store(Engagement e, long runId) {
        return jdbc.update("""
                insert into social_engagement (platform, item_id, kind, object_id, author_id, author_handle, text,
                                               like_count, created_at, run_id, customer_id)
                values (:platform, :id, :kind, :object, :authorId, :handle, :text, :likes, :created, :run,
                        (select i.customer_id from customer_identity i
                         where i.source = :platform and i.source_key in (lower(:handle), :authorId) limit 1))
                on conflict (platform, item_id) do nothing""",
                new MapSqlParameterSource("platform", e.platform()).addValue("id", e.itemId()).addValue("kind", e.kind())
                        .addValue("object", e.objectId()).addValue("authorId", e.authorId())
                        .addValue("handle", e.authorHandle()).addValue("text", e.text()).addValue("likes", e.likeCount())
                        .addValue("created", e.createdAt() == null ? null : Timestamp.from(e.createdAt()))
                        .addValue("run", runId)) == 1;
    }

    public boolean known(String platform, String itemId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists(select 1 from social_engagement where platform = :p and item_id = :id)",
                Map.of("p", platform, "id", itemId), Boolean.class));
    }

    /** A source's watermark and rate-limit pause. */
    public record Watermark(String value, Instant nextAllowedAt) {
    }

    public Optional<Watermark> watermark(String source) {
        List<Watermark> rows = jdbc.query("select watermark, next_allowed_at from source_watermark where source = :s",
                Map.of("s", source), (rs, i) -> new Watermark(rs.getString(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()));
        return rows.stream().findFirst();
    }

    public void saveWatermark(String source, String value, Instant nextAllowedAt) {
        jdbc.update("""
                insert into source_watermark (source, watermark, next_allowed_at, updated_at)
                values (:s, :w, :next, now())
                on conflict (source) do update set watermark = coalesce(excluded.watermark, source_watermark.watermark),
                       next_allowed_at = excluded.next_allowed_at, updated_at = now()""",
                new MapSqlParameterSource("s", source).addValue("w", value)
                        .addValue("next", nextAllowedAt == null ? null : Timestamp.from(nextAllowedAt)));
    }
}
