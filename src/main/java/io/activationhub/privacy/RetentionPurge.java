package io.activationhub.privacy;

import io.activationhub.infra.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Retention (CNIL practice: 3 years without activity for prospects): erases customers with no purchase, enrolment,
 * consent change or message for {@code hub.retention.inactive-years}, and deletes ingested source files and
 * quarantine files older than {@code hub.retention.files-days}. Runs on a schedule (routes/privacy.camel.yaml).
 */
@Component("retentionPurge")
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final PersonalDataEraser eraser;
    private final AuditLog audit;
    private final HubProperties hub;
    private final int inactiveYears;
    private final int filesDays;

    public RetentionPurge(NamedParameterJdbcTemplate jdbc, PersonalDataEraser eraser, AuditLog audit, HubProperties hub,
                          @Value("${hub.retention.inactive-years:3}") int inactiveYears,
                          @Value("${hub.retention.files-days:90}") int filesDays) {
        this.jdbc = jdbc;
        this.eraser = eraser;
        this.audit = audit;
        this.hub = hub;
        this.inactiveYears = inactiveYears;
        this.filesDays = filesDays;
    }

    public Map<String, Object> purge() {
        List<Long> inactive = jdbc.queryForList("""
                select c.id from customer c
                where greatest(c.updated_at, c.enrolled_at,
                               (select max(t.ticket_ts) from pos_ticket t where t.customer_id = c.id),
                               (select max(e.effective_at) from consent_event e where e.customer_id = c.id),
                               (select max(p.sent_at) from push p where p.customer_id = c.id))
                      < now() - make_interval(years => :years)""", Map.of("years", inactiveYears), Long.class);
        // in batches, one statement per table and batch (PersonalDataEraser#eraseAll)
        eraser.eraseAll(inactive, "retention", "retention");
        // the ad platforms' removals of all of them together: a request per list and batch, not one per customer
        List<String> adRemovals = inactive.isEmpty() ? List.of() : eraser.pushOwedRemovals();
        int files = purgeFiles();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("customersErased", inactive.size());
        summary.put("adPlatformRemovals", adRemovals);
        summary.put("filesDeleted", files);
        summary.put("inactiveYears", inactiveYears);
        summary.put("filesDays", filesDays);
        audit.record("retention", "retention-purge", null, summary);
        log.info("Retention purge: {} inactive customers erased, {} old files deleted", inactive.size(), files);
        return summary;
    }

    private int purgeFiles() {
        FileTime limit = FileTime.from(Instant.now().minus(Duration.ofDays(filesDays)));
        int deleted = 0;
        List<Path> roots = List.of(hub.homePath().resolve("inbox"), hub.quarantine());
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path f : walk.filter(Files::isRegularFile).filter(f -> isKeptCopy(root, f)).toList()) {
                    if (Files.getLastModifiedTime(f).compareTo(limit) < 0) {
                        Files.deleteIfExists(f);
                        deleted++;
                    }
                }
            } catch (IOException e) {
                log.warn("Retention purge could not walk {}: {}", root, e.toString());
            }
        }
        return deleted;
    }

    /** Quarantine files, and files already ingested (done/ or failed/); never a file still waiting in an inbox. */
    private boolean isKeptCopy(Path root, Path file) {
        if (root.equals(hub.quarantine())) {
            return true;
        }
        String parent = file.getParent().getFileName().toString();
        return parent.equals("done") || parent.equals("failed");
    }
}
