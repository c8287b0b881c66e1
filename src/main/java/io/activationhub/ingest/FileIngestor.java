package io.activationhub.ingest;

import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import io.activationhub.infra.HubProperties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads one file of a {@link FeedFormat} into the store, exactly once:
 * <ol>
 *     <li>the file's SHA-256 is claimed in {@code file_claim}: a file already ingested (even under another name, even by
 *     another hub instance) becomes a {@code DUPLICATE_FILE} run and nothing is loaded;</li>
 *     <li>rows are streamed, checked, and written with PostgreSQL {@code COPY} into a temporary staging table; a bad
 *     row goes to the quarantine file with its line number and reason, and the rest of the file goes on;</li>
 *     <li>rows the format refuses against the store (its {@link FeedFormat#refuseSql()}) become rejected rows;</li>
 *     <li>one set-based statement moves staged rows into their table, skipping duplicates;</li>
 *     <li>the claim, the rows and the run's counts commit in one transaction: a hub killed mid-file leaves nothing,
 *     and the file (still in the inbox) is loaded again from the start.</li>
 * </ol>
 */
@Component
public class FileIngestor {

    private static final Logger log = LoggerFactory.getLogger(FileIngestor.class);
    private static final int COPY_BUFFER = 1 << 16;
    private static final int MAX_REJECTIONS_IN_DATABASE = 10_000;
    private static final String MERGE_WORK_MEM = "256MB";
    private long progressEvery = 100_000;

    /** How often (lines) a run's progress is recorded and, every ten times that, logged. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setProgressEvery(@org.springframework.beans.factory.annotation.Value("${hub.ingest.progress-every-rows:100000}") long rows) {
        this.progressEvery = Math.max(1, rows);
    }

    private final DataSource dataSource;
    private final FeedRunLedger ledger;
    private final HubProperties hub;
    private final HubInstance instance;
    private final int maxLineBytes;

    public FileIngestor(DataSource dataSource, FeedRunLedger ledger, HubProperties hub, HubInstance instance,
                        @org.springframework.beans.factory.annotation.Value("${hub.ingest.max-line-bytes:65536}") int maxLineBytes) {
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.hub = hub;
        this.instance = instance;
        this.maxLineBytes = maxLineBytes;
    }

    private io.activationhub.infra.HubMetrics metrics;

    /** The hub's metrics (README.md "Metrics"); absent in tests that build this class by hand. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setMetrics(io.activationhub.infra.HubMetrics metrics) {
        this.metrics = metrics;
    }

    public FeedRun ingest(FeedFormat format, Path file) {
        return ingest(format, file, () -> FeedMapping.STANDARD);
    }

    private java.time.Duration storeRetryFor = java.time.Duration.ofMinutes(10);
    private final java.util.Queue<Long> abandonedRuns = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** How long a file waits in its inbox for an unavailable store before the run gives up (then it goes to failed/). */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setStoreRetryFor(@org.springframework.beans.factory.annotation.Value("${hub.ingest.store-retry-for:PT10M}")
                                 java.time.Duration storeRetryFor) {
        this.storeRetryFor = storeRetryFor;
    }

    /**
     * Ingests one file; never throws for a bad file: the run comes back FAILED with its reason.
     * When the store is unreachable (PostgreSQL restarting, network) the file is not at fault: the attempt's run is
     * marked FAILED ("store unavailable") as soon as the store answers, and the whole file is tried again, waiting
     * 1, 2, 4 ... up to 30 s between attempts, for at most {@code hub.ingest.store-retry-for} (10 minutes); the file
     * stays in the inbox meanwhile. After that, {@link StoreUnavailable} goes up to the route.
     *
     * @param mapping how the partner's file differs from the standard format (read inside the run, so a broken
     *                mapping fails the run with a clear error)
     */
    public FeedRun ingest(FeedFormat format, Path file, java.util.function.Supplier<FeedMapping> mapping) {
        long giveUpAt = System.nanoTime() + storeRetryFor.toNanos();
        long delayMillis = 1_000;
        while (true) {
            try {
                return ingestOnce(format, file, mapping);
            } catch (StoreUnavailable e) {
                if (System.nanoTime() + delayMillis * 1_000_000 > giveUpAt) {
                    log.error("Feed {}: the store stayed unavailable for {}: file {} goes to failed/ ({})", format.feedId(),
                            storeRetryFor, file.getFileName(), e.getMessage());
                    throw e;
                }
                log.warn("Feed {}: the store is unavailable ({}): file {} stays in the inbox and is tried again in {} s",
                        format.feedId(), e.getMessage(), file.getFileName(), delayMillis / 1000);
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delayMillis = Math.min(delayMillis * 2, 30_000);
            }
        }
    }

    private FeedRun ingestOnce(FeedFormat format, Path file, java.util.function.Supplier<FeedMapping> mapping) {
        String name = file.getFileName().toString();
        String sha = sha256(file);
        long runId;
        try {
            closeAbandonedRuns();
            runId = ledger.start(format.feedId(), name, sha, instance.id());
        } catch (RuntimeException e) {
            if (StoreUnavailable.isCause(e)) {
                throw new StoreUnavailable(describe(e), e);
            }
            throw e;
        }
        long t0 = System.nanoTime();
        try {
            FeedRun run = load(format, file, mapping.get(), runId, sha);
            log.info("Feed {} run {} {}: file {} read={} accepted={} rejected={} duplicate={} in {} ms",
                    format.feedId(), runId, run.status(), name, run.read(), run.accepted(), run.rejected(),
                    run.duplicate(), (System.nanoTime() - t0) / 1_000_000);
            if (metrics != null) {
                metrics.feedRows(run.feedId(), run.read(), run.accepted(), run.rejected(), run.duplicate());
            }
            return run;
        } catch (Exception e) {
            String error = describe(e);
            if (StoreUnavailable.isCause(e)) {
                // nothing of the attempt was committed; its run is closed as soon as the store answers again
                abandonedRuns.add(runId);
                throw new StoreUnavailable(error, e);
            }
            ledger.fail(runId, error);
            log.error("Feed {} run {} FAILED on file {}: {}", format.feedId(), runId, name, error);
            return ledger.run(runId).orElseThrow();
        }
    }

    /** Runs of attempts the store went away under: FAILED, with the reason (their file was tried again). */
    private void closeAbandonedRuns() {
        Long runId;
        while ((runId = abandonedRuns.peek()) != null) {
            ledger.failIfRunning(runId, "store unavailable during the run: nothing of it was kept, the file was tried again");
            abandonedRuns.remove(runId);
        }
    }

    private FeedRun load(FeedFormat format, Path file, FeedMapping mapping, long runId, String sha) throws Exception {
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            try {
                Long claimedBy = claim(con, format.feedId(), file.getFileName().toString(), runId, sha);
                if (claimedBy != null) {
                    con.rollback();
                    return finishDuplicateFile(con, runId, claimedBy);
                }
                closeRunsOfDeadAttempts(con, runId, sha);
                Counts counts = stageAndMerge(con, format, file, mapping, runId);
                log.debug("Feed {} run {}: read and staged in {} ms, merged in {} ms", format.feedId(), runId,
                        counts.stageMillis, counts.mergeMillis);
                try (PreparedStatement ps = con.prepareStatement("""
                        update feed_run set status = 'SUCCEEDED', ended_at = now(), read_count = ?, accepted_count = ?,
                               rejected_count = ?, duplicate_count = ?, quarantine_file = ?, error = ?
                        where id = ?""")) {
                    ps.setLong(1, counts.read);
                    ps.setLong(2, counts.accepted);
                    ps.setLong(3, counts.rejected);
                    ps.setLong(4, counts.duplicate);
                    ps.setString(5, counts.quarantine == null ? null : hub.homePath().relativize(counts.quarantine).toString());
                    ps.setString(6, counts.fileError);
                    ps.setLong(7, runId);
                    ps.executeUpdate();
                }
                con.commit();
            } catch (Exception e) {
                try {
                    con.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }
        return ledger.run(runId).orElseThrow();
    }

    /** Claims the file's content; returns the run that already holds it, or {@code null} when the claim is ours. */
    private Long claim(Connection con, String feedId, String name, long runId, String sha) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("""
                insert into file_claim (content_sha256, feed_id, source_name, run_id) values (?, ?, ?, ?)
                on conflict (content_sha256) do nothing""")) {
            ps.setString(1, sha);
            ps.setString(2, feedId);
            ps.setString(3, name);
            ps.setLong(4, runId);
            if (ps.executeUpdate() == 1) {
                return null;
            }
        }
        try (PreparedStatement ps = con.prepareStatement("select run_id from file_claim where content_sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The claim is ours, so no other attempt at this content holds it: one still RUNNING belongs to a hub instance
     * that died during it (kill -9, power loss) and never came back to close it. Closed with this run, in its
     * transaction (an attempt waiting for our claim ends DUPLICATE_FILE instead).
     */
    private static void closeRunsOfDeadAttempts(Connection con, long runId, String sha) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("""
                update feed_run set status = 'INTERRUPTED', ended_at = now(),
                       error = 'its hub instance (' || coalesce(instance_id, 'unknown') || ') stopped during this run; '
                               || 'its rows were rolled back and the file was ingested by run ' || ?
                where content_sha256 = ? and status = 'RUNNING' and id <> ?""")) {
            ps.setLong(1, runId);
            ps.setString(2, sha);
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    private FeedRun finishDuplicateFile(Connection con, long runId, long claimedBy) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("""
                update feed_run set status = 'DUPLICATE_FILE', ended_at = now(), duplicate_of_run = ?,
                       error = 'same content as run ' || ? || ': not ingested again'
                where id = ?""")) {
            ps.setLong(1, claimedBy);
            ps.setLong(2, claimedBy);
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
        con.commit();
        return ledger.run(runId).orElseThrow();
    }

    private static final class Counts {
        long read;
        long staged;
        long rejected;
        long accepted;
        long duplicate;
        Path quarantine;
        String fileError;
        final long startNanos = System.nanoTime();
        long stageMillis;
        long mergeMillis;
    }

    private Counts stageAndMerge(Connection con, FeedFormat format, Path file, FeedMapping mapping, long runId)
            throws Exception {
        Counts counts = new Counts();
        try (Statement st = con.createStatement()) {
            st.execute("create temporary table stage (line_no bigint not null, " + String.join(", ", format.stagingColumns())
                    + ") on commit drop");
        }
        // reasons kept in the database for the console, bounded; the quarantine file keeps every bad row
        List<Long> rejectedLines = new ArrayList<>();
        List<String> rejectedReasons = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             DelimitedFileReader reader = new DelimitedFileReader(in, mapping.delimiterChar(), mapping.forcedCharset(), maxLineBytes);
             Quarantine quarantine = new Quarantine(hub.quarantine().resolve(format.feedId()), runId, file.getFileName().toString())) {
            DelimitedFileReader.Record header = reader.next();
            if (header == null) {
                counts.fileError = "empty file: no header, no rows";
                return counts;
            }
            if (header.isBad()) {
                throw new IllegalArgumentException("header line unreadable: " + header.error());
            }
            Map<String, Integer> inFile = new HashMap<>();
            for (int i = 0; i < header.fields().size(); i++) {
                inFile.putIfAbsent(header.fields().get(i).toLowerCase(Locale.ROOT), i);
            }
            // hub column -> position, through the partner's header names
            Map<String, Integer> columns = new HashMap<>();
            for (String column : format.allColumns()) {
                Integer at = inFile.get(mapping.headerOf(column).toLowerCase(Locale.ROOT));
                if (at != null) {
                    columns.put(column, at);
                }
            }
            List<String> missing = format.requiredColumns().stream().filter(c -> !columns.containsKey(c))
                    .map(mapping::headerOf).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("header lacks column(s) " + missing + "; expected "
                        + String.join(String.valueOf(mapping.delimiterChar()),
                        format.requiredColumns().stream().map(mapping::headerOf).toList()));
            }
            int width = header.fields().size();
            Row row = new Row(columns);
            String[] values = new String[format.stagingColumns().size()];
            CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn("copy stage from stdin");
            CopyRowWriter out = new CopyRowWriter(copy);
            try {
                DelimitedFileReader.Record record;
                while ((record = reader.next()) != null) {
                    counts.read++;
                    if (counts.read % progressEvery == 0) {
                        ledger.progress(runId, counts.read);
                        if (counts.read % (progressEvery * 10) == 0) {
                            log.info("Feed {} run {}: {} lines read so far ({} rejected)", format.feedId(), runId,
                                    counts.read, counts.rejected);
                        }
                    }
                    String reason = record.error();
                    if (reason == null && record.fields().size() != width) {
                        reason = "expected " + width + " columns, found " + record.fields().size();
                    }
                    if (reason == null) {
                        try {
                            java.util.Arrays.fill(values, null);
                            format.stage(row.at(record.lineNo(), record.fields()), values);
                            out.write(record.lineNo(), values);
                            counts.staged++;
                            continue;
                        } catch (RowRejected rejected) {
                            reason = rejected.getMessage();
                        }
                    }
                    counts.rejected++;
                    quarantine.add(record.lineNo(), reason, record.raw());
                    if (rejectedLines.size() < MAX_REJECTIONS_IN_DATABASE) {
                        rejectedLines.add(record.lineNo());
                        rejectedReasons.add(reason);
                    }
                    if (reason.startsWith("file truncated")) {
                        counts.fileError = reason;
                    }
                }
                out.finish();
                ledger.progress(runId, counts.read);
                if (format.refuseSql() != null) {
                    try (Statement st = con.createStatement(); ResultSet refused = st.executeQuery(format.refuseSql())) {
                        while (refused.next()) {
                            long lineNo = refused.getLong(1);
                            String reason = refused.getString(2);
                            counts.staged--;
                            counts.rejected++;
                            quarantine.add(lineNo, reason, refused.getString(3));
                            if (rejectedLines.size() < MAX_REJECTIONS_IN_DATABASE) {
                                rejectedLines.add(lineNo);
                                rejectedReasons.add(reason);
                            }
                        }
                    }
                }
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            counts.quarantine = quarantine.path();
        }
        if (!rejectedLines.isEmpty()) {
            try (PreparedStatement ps = con.prepareStatement(
                    "insert into rejected_row (run_id, line_no, reason) values (?, ?, ?) on conflict do nothing")) {
                for (int i = 0; i < rejectedLines.size(); i++) {
                    ps.setLong(1, runId);
                    ps.setLong(2, rejectedLines.get(i));
                    ps.setString(3, rejectedReasons.get(i));
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        counts.stageMillis = (System.nanoTime() - counts.startNanos) / 1_000_000;
        try (Statement st = con.createStatement()) {
            // the merge sorts the staged rows (duplicates in the file): in memory rather than in temporary files
            st.execute("set local work_mem = '" + MERGE_WORK_MEM + "'");
        }
        try (PreparedStatement ps = con.prepareStatement(format.mergeSql())) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                counts.accepted = rs.getLong(1);
            }
        }
        counts.duplicate = counts.staged - counts.accepted;
        counts.mergeMillis = (System.nanoTime() - counts.startNanos) / 1_000_000 - counts.stageMillis;
        return counts;
    }

    /** Writes rows in PostgreSQL COPY text format, buffered. */
    private static final class CopyRowWriter {
        private final CopyIn copy;
        private final StringBuilder sb = new StringBuilder(COPY_BUFFER + 4096);

        CopyRowWriter(CopyIn copy) {
            this.copy = copy;
        }

        void write(long lineNo, String[] values) throws SQLException {
            sb.append(lineNo);
            for (String v : values) {
                sb.append('\t');
                if (v == null) {
                    sb.append("\\N");
                } else {
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        switch (c) {
                            case '\\' -> sb.append("\\\\");
                            case '\t' -> sb.append("\\t");
                            case '\n' -> sb.append("\\n");
                            case '\r' -> sb.append("\\r");
                            default -> sb.append(c);
                        }
                    }
                }
            }
            sb.append('\n');
            if (sb.length() >= COPY_BUFFER) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            sb.setLength(0);
        }

        void finish() throws SQLException {
            flush();
            copy.endCopy();
        }
    }

    /** Quarantine file for one run, created at the first bad row: {@code line_no;reason;raw}. */
    private static final class Quarantine implements AutoCloseable {
        private final Path dir;
        private final long runId;
        private final String fileName;
        private Writer writer;
        private Path path;

        Quarantine(Path dir, long runId, String fileName) {
            this.dir = dir;
            this.runId = runId;
            this.fileName = fileName;
        }

        void add(long lineNo, String reason, String raw) throws IOException {
            if (writer == null) {
                Files.createDirectories(dir);
                path = dir.resolve("run-" + runId + "-" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + ".rejected.csv");
                writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
                writer.write("line_no;reason;raw\n");
            }
            writer.write(lineNo + ";" + csv(reason) + ";" + csv(raw) + "\n");
        }

        private static String csv(String s) {
            return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
        }

        Path path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += ": " + root.getMessage();
        }
        return msg;
    }
}
