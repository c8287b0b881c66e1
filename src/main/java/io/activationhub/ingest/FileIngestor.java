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
import java.sql.Savepoint;
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
 *     <li>rows are streamed, checked, and written with PostgreSQL {@code COPY}; a bad row goes to the quarantine file
 *     with its line number and reason, and the rest of the file goes on;</li>
 *     <li>when the format allows it ({@link FeedFormat#directCopy()}), good rows are copied straight into their table,
 *     linked as they are written; from the first chunk of rows that collides with a stored row or another row of the
 *     file, rows go to a temporary staging table instead (see {@code RowLoader});</li>
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
    private static final String UNIQUE_VIOLATION = "23505";
    /** Rows checked before their links are looked up together (one query per block). */
    private static final int LINK_BLOCK_ROWS = 4096;
    /** Link values (cards) remembered across blocks. */
    private static final int LINK_CACHE_ENTRIES = 250_000;
    /** From this file size (about 100,000 till lines) on, all links are read at once when there are not too many. */
    private long preloadLinksFromBytes = 8L << 20;
    /**
     * Rows per direct {@code COPY} chunk, each under a savepoint: its bytes (about 40 MB for till lines) are kept for
     * the staging table until PostgreSQL has taken it. Up to 64 savepoints per run (33 million rows) stay in
     * PostgreSQL's per-session subtransaction cache. Each chunk's end waits for PostgreSQL to catch up and check it.
     */
    private int directChunkRows = 524_288;
    private long progressEvery = 100_000;

    /** How often (lines) a run's progress is recorded and, every ten times that, logged. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setProgressEvery(@org.springframework.beans.factory.annotation.Value("${hub.ingest.progress-every-rows:100000}") long rows) {
        this.progressEvery = Math.max(1, rows);
    }

    /** Rows per direct COPY chunk (tests make it small to cross chunk boundaries). */
    void setDirectChunkRows(int rows) {
        this.directChunkRows = Math.max(1, rows);
    }

    /** File size from which links are read at once rather than block by block (tests make it 0). */
    void setPreloadLinksFromBytes(long bytes) {
        this.preloadLinksFromBytes = bytes;
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

    /**
     * Position of the first C0 control character (or DEL) in {@code s}, -1 when none. Tab is data; so are line breaks
     * when {@code lineBreaksAllowed} (a quoted field spanning lines).
     */
    static int firstControl(String s, boolean lineBreaksAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || c == 0x7f) && c != '\t' && !(lineBreaksAllowed && (c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why a row's value cannot be stored: a NUL makes PostgreSQL refuse the COPY, and with it the whole file, and
     * other control characters are export garbage; checked here, once for every format, before any value reaches a
     * reason or a store. {@code null} when the row's values are fine.
     */
    static String controlCharacter(FeedFormat format, Map<String, Integer> columns, List<String> fields) {
        for (String column : format.allColumns()) {
            Integer at = columns.get(column);
            if (at == null || at >= fields.size()) {
                continue;
            }
            String value = fields.get(at);
            int control = firstControl(value, true);
            if (control >= 0) {
                return String.format(Locale.ROOT, "%s contains control character U+%04X at character %d", column,
                        (int) value.charAt(control), control + 1);
            }
        }
        return null;
    }

    private static final class Counts {
        long read;
        long direct;
        long staged;
        long rejected;
        long accepted;
        long duplicate;
        /** Values of accepted rows kept but flagged (outside their validity range), for the data-quality report. */
        final io.activationhub.feed.DataQualityCounts flags = new io.activationhub.feed.DataQualityCounts();
        Path quarantine;
        String fileError;
        final long startNanos = System.nanoTime();
        long stageMillis;
        long mergeMillis;
    }

    private Counts stageAndMerge(Connection con, FeedFormat format, Path file, FeedMapping mapping, long runId)
            throws Exception {
        Counts counts = new Counts();
        DirectCopy direct = format.directCopy();
        // reasons kept in the database for the console, bounded; the quarantine file keeps every bad row
        List<Long> rejectedLines = new ArrayList<>();
        List<String> rejectedReasons = new ArrayList<>();
        boolean merge;
        try (InputStream in = Files.newInputStream(file);
             DelimitedFileReader reader = new DelimitedFileReader(in, mapping.delimiterChar(), mapping.forcedCharset(), maxLineBytes);
             Quarantine quarantine = new Quarantine(hub.quarantine().resolve(format.feedId()), runId, file.getFileName().toString());
             RowLoader loader = new RowLoader(con, format, direct, runId)) {
            DelimitedFileReader.Record header = reader.next();
            if (header == null) {
                counts.fileError = "empty file: no header, no rows";
                return counts;
            }
            if (header.isBad()) {
                throw new IllegalArgumentException("header line unreadable: " + header.error());
            }
            // a control character in a column name means the file was not read as written (line endings, encoding):
            // matching the columns anyway could take the whole file for its header and succeed with nothing read
            for (int i = 0; i < header.fields().size(); i++) {
                String name = header.fields().get(i);
                int control = firstControl(name, false);
                if (control >= 0) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "header field %d contains control character U+%04X (line endings or encoding not as expected?): %s",
                            i + 1, (int) name.charAt(control), name.substring(0, control)));
                }
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
            loader.start(Files.size(file));
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
                // one scan of the record's text for the usual row without any; the columns only when it has one
                if (reason == null && firstControl(record.raw(), true) >= 0) {
                    reason = controlCharacter(format, columns, record.fields());
                }
                if (reason == null) {
                    try {
                        format.stage(row.at(record.lineNo(), record.fields()), loader.slot());
                        loader.accept(record.lineNo());
                        row.flagsInto(counts.flags);
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
            loader.finish();
            if (reader.linesReadAsUtf8DespiteCharset() > 0) {
                log.warn("Feed {} run {}: {} lines were UTF-8 although the column mapping says {}: read as UTF-8 "
                                + "(correct the mapping's charset)", format.feedId(), runId,
                        reader.linesReadAsUtf8DespiteCharset(), mapping.forcedCharset());
            }
            ledger.progress(runId, counts.read);
            counts.direct = loader.directRows;
            counts.staged = loader.stagedRows;
            merge = loader.staged;
            if (merge && format.refuseSql() != null) {
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
        // in the run's transaction: a run rolled back leaves no report
        io.activationhub.feed.DataQualityReports.add(con, runId, counts.flags);
        counts.stageMillis = (System.nanoTime() - counts.startNanos) / 1_000_000;
        long merged = 0;
        if (merge) {
            try (Statement st = con.createStatement()) {
                // the merge sorts the staged rows (duplicates in the file): in memory rather than in temporary files
                st.execute("set local work_mem = '" + MERGE_WORK_MEM + "'");
            }
            if (format.mergeFirstSql() != null) {
                try (PreparedStatement ps = con.prepareStatement(format.mergeFirstSql())) {
                    ps.setLong(1, runId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = con.prepareStatement(format.mergeSql())) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    merged = rs.getLong(1);
                }
            }
        }
        counts.accepted = counts.direct + merged;
        counts.duplicate = counts.staged - merged;
        counts.mergeMillis = (System.nanoTime() - counts.startNanos) / 1_000_000 - counts.stageMillis;
        return counts;
    }

    /**
     * Writes a run's checked rows to the store, in the run's transaction.
     * <p>
     * When the format has a {@link DirectCopy}, rows go with {@code COPY} straight into the feed's tables, chunk by
     * chunk, each chunk under a savepoint: its items are streamed as they are read (PostgreSQL stores a block while the
     * next one is read), its group headers (one per ticket, linked as they are written: ids looked up in blocks on a
     * second connection, cached) are copied when the chunk ends, and its rows are kept in staging form until then. When
     * a chunk collides with a stored row or another row of the file (unique violation), it is rolled back to its
     * savepoint and, from that chunk on, rows go to the temporary staging table for the format's merge, which counts
     * duplicates; so does a chunk in which a row differs from the first row of its group in a value they must share (the
     * format's refuseSql refuses it there). Formats without a direct copy are staged from the start.
     */
    private final class RowLoader implements AutoCloseable {
        private static final int KEY_BLOCK = 16_384;
        private final Connection con;
        private final FeedFormat format;
        private final DirectCopy direct;
        private final byte[] runIdText;
        // a header row's values after its key: the group's key values, then its shared values
        private final int[] headerValues;
        private final int chunkRowLimit = directChunkRows;
        // rows checked but not yet written: their links are looked up together
        private final String[][] block;
        private final long[] blockLines = new long[LINK_BLOCK_ROWS];
        private final boolean[] blockStartsGroup = new boolean[LINK_BLOCK_ROWS];
        private int blockSize;
        // the group of the last accepted row
        private String[] groupKey;
        private String[] groupShared;
        private long groupFirstLine;
        private long groupHeaderKey;
        // the direct chunk being copied: its rows in staging form (for the merge, should it collide), its headers
        // (copied when it ends), its items not yet sent
        private final CopyBuffer chunkStage = new CopyBuffer(1 << 20);
        private final CopyBuffer chunkHeaders = new CopyBuffer(1 << 18);
        private final CopyBuffer items = new CopyBuffer(COPY_BUFFER + 4096);
        private long firstChunkLine;
        private long lastChunkLine;
        private int chunkRows;
        private int chunkHeaderRows;
        private CopyIn chunkCopy;
        private Savepoint savepoint;
        private long[] keys = new long[0];
        private int keysUsed;
        private final CopyBuffer stageBuffer = new CopyBuffer(COPY_BUFFER + 4096);
        private CopyIn stageCopy;
        private Links links;
        boolean staged;
        long directRows;
        long stagedRows;

        RowLoader(Connection con, FeedFormat format, DirectCopy direct, long runId) {
            this.con = con;
            this.format = format;
            this.direct = direct;
            this.runIdText = Long.toString(runId).getBytes(StandardCharsets.US_ASCII);
            this.headerValues = direct == null ? new int[0] : java.util.stream.IntStream.concat(
                    java.util.Arrays.stream(direct.groupKey()), java.util.Arrays.stream(direct.sharedValues())).toArray();
            this.block = new String[LINK_BLOCK_ROWS][format.stagingColumns().size()];
        }

        void start(long fileBytes) throws SQLException {
            if (direct == null) {
                staged = true;
                startStage();
            } else {
                links = new Links(direct.linkSql());
                if (fileBytes >= preloadLinksFromBytes) {
                    links.preload(direct.allLinksSql());
                }
            }
        }

        /** The values array the next row is checked into. */
        String[] slot() {
            String[] values = block[blockSize];
            java.util.Arrays.fill(values, null);
            return values;
        }

        /**
         * The row just checked into {@link #slot()} is good. On the direct path, a row of the same group as the row
         * before that differs from the group's first row in a value they must share cannot be copied: the chunk and
         * the rest of the file then go through the merge, whose {@link FeedFormat#refuseSql()} refuses such rows with
         * their reason, so the counts and reasons do not depend on the path.
         */
        void accept(long lineNo) throws SQLException {
            String[] values = block[blockSize];
            boolean startsGroup = true;
            if (direct != null && !staged) {
                startsGroup = groupKey == null || !sameValues(values, direct.groupKey(), groupKey);
                if (startsGroup) {
                    groupKey = pick(values, direct.groupKey());
                    groupShared = pick(values, direct.sharedValues());
                    groupFirstLine = lineNo;
                } else if (!sameValues(values, direct.sharedValues(), groupShared)) {
                    fallBackToMerge("line " + lineNo + " differs from line " + groupFirstLine + ", the first line of its "
                            + direct.group() + ", in a value they must share");
                }
            }
            blockStartsGroup[blockSize] = startsGroup;
            blockLines[blockSize++] = lineNo;
            if (blockSize == LINK_BLOCK_ROWS) {
                writeBlock();
            }
        }

        private static boolean sameValues(String[] values, int[] at, String[] expected) {
            for (int i = 0; i < at.length; i++) {
                if (!java.util.Objects.equals(values[at[i]], expected[i])) {
                    return false;
                }
            }
            return true;
        }

        private static String[] pick(String[] values, int[] at) {
            String[] picked = new String[at.length];
            for (int i = 0; i < at.length; i++) {
                picked[i] = values[at[i]];
            }
            return picked;
        }

        private void writeBlock() throws SQLException {
            if (blockSize == 0) {
                return;
            }
            if (!staged) {
                links.resolve(block, blockSize, direct.linkValue());
            }
            for (int i = 0; i < blockSize; i++) {
                if (staged) {
                    writeStaged(blockLines[i], block[i]);
                } else {
                    writeDirect(blockLines[i], block[i], blockStartsGroup[i]);
                    if (chunkRows >= chunkRowLimit) {
                        endChunk();
                    }
                }
            }
            blockSize = 0;
            if (!staged && chunkCopy != null && items.size > 0) {
                // streamed now: PostgreSQL stores this block while the next one is read
                try {
                    chunkCopy.writeToCopy(items.bytes, 0, items.size);
                    items.reset();
                } catch (SQLException e) {
                    collided(e);
                }
            }
        }

        private void writeDirect(long lineNo, String[] values, boolean startsGroup) throws SQLException {
            if (chunkCopy == null) {
                savepoint = con.setSavepoint();
                chunkCopy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(direct.itemCopySql());
                firstChunkLine = lineNo;
            }
            if (startsGroup) {
                groupHeaderKey = nextKey();
                keyed(chunkHeaders, groupHeaderKey, values, headerValues);
                chunkHeaders.tab();
                long linked = links.get(values[direct.linkValue()]);
                if (linked == Links.NONE) {
                    chunkHeaders.nullValue();
                } else {
                    chunkHeaders.number(linked);
                }
                chunkHeaders.newline();
                chunkHeaderRows++;
            }
            keyed(items, groupHeaderKey, values, direct.itemValues());
            items.newline();
            appendStaged(chunkStage, lineNo, values);
            lastChunkLine = lineNo;
            chunkRows++;
        }

        /** The group's key, the values at {@code at}, the run id: the start of a header row, or an item row. */
        private void keyed(CopyBuffer to, long key, String[] values, int[] at) {
            to.number(key);
            for (int i : at) {
                to.tab();
                to.value(values[i]);
            }
            to.tab();
            to.append(runIdText);
        }

        private long nextKey() throws SQLException {
            if (keysUsed == keys.length) {
                keys = links.reserveKeys(direct.keysSql(), KEY_BLOCK);
                keysUsed = 0;
            }
            return keys[keysUsed++];
        }

        private void endChunk() throws SQLException {
            if (chunkCopy == null) {
                return;
            }
            long copiedItems;
            long copiedHeaders;
            try {
                if (items.size > 0) {
                    chunkCopy.writeToCopy(items.bytes, 0, items.size);
                    items.reset();
                }
                copiedItems = chunkCopy.endCopy();
                chunkCopy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(direct.headerCopySql());
                chunkCopy.writeToCopy(chunkHeaders.bytes, 0, chunkHeaders.size);
                copiedHeaders = chunkCopy.endCopy();
            } catch (SQLException e) {
                collided(e);
                return;
            }
            chunkCopy = null;
            con.releaseSavepoint(savepoint);
            savepoint = null;
            if (copiedItems != chunkRows || copiedHeaders != chunkHeaderRows) {
                throw new IllegalStateException("COPY stored " + copiedItems + " rows and " + copiedHeaders
                        + " headers of a chunk of " + chunkRows + " rows and " + chunkHeaderRows + " headers");
            }
            directRows += copiedItems;
            resetChunk();
        }

        private void resetChunk() {
            chunkStage.reset();
            chunkHeaders.reset();
            items.reset();
            chunkRows = 0;
            chunkHeaderRows = 0;
        }

        /** A direct chunk failed: on a unique violation, that chunk and the rest of the file go to the merge. */
        private void collided(SQLException e) throws SQLException {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            try {
                fallBackToMerge("a row of lines " + firstChunkLine + " to " + lastChunkLine
                        + " is already stored or repeated in the file");
            } catch (SQLException failed) {
                failed.addSuppressed(e);
                throw failed;
            }
        }

        /** The chunk being copied is rolled back; it and the rest of the file go through the staged merge. */
        private void fallBackToMerge(String why) throws SQLException {
            if (chunkCopy != null) {
                if (chunkCopy.isActive()) {
                    try {
                        chunkCopy.cancelCopy();
                    } catch (SQLException alreadyEnded) {
                        log.debug("Feed {}: the COPY had already ended: {}", format.feedId(), alreadyEnded.getMessage());
                    }
                }
                chunkCopy = null;
                con.rollback(savepoint);
                savepoint = null;
            }
            staged = true;
            log.info("Feed {}: {}: from there on, rows go through the staged merge ({} rows copied directly before)",
                    format.feedId(), why, directRows);
            startStage();
            stageCopy.writeToCopy(chunkStage.bytes, 0, chunkStage.size);
            stagedRows += chunkRows;
            resetChunk();
        }

        private void startStage() throws SQLException {
            try (Statement st = con.createStatement()) {
                st.execute("create temporary table stage (line_no bigint not null, "
                        + String.join(", ", format.stagingColumns()) + ") on commit drop");
            }
            stageCopy = con.unwrap(PGConnection.class).getCopyAPI().copyIn("copy stage from stdin");
        }

        private static void appendStaged(CopyBuffer to, long lineNo, String[] values) {
            to.number(lineNo);
            for (String v : values) {
                to.tab();
                to.value(v);
            }
            to.newline();
        }

        private void writeStaged(long lineNo, String[] values) throws SQLException {
            appendStaged(stageBuffer, lineNo, values);
            stagedRows++;
            flushStage(false);
        }

        private void flushStage(boolean all) throws SQLException {
            if (stageBuffer.size >= COPY_BUFFER || (all && stageBuffer.size > 0)) {
                stageCopy.writeToCopy(stageBuffer.bytes, 0, stageBuffer.size);
                stageBuffer.reset();
            }
        }

        /** Writes what is left; afterwards {@link #staged} says whether the merge has rows to move. */
        void finish() throws SQLException {
            writeBlock();
            if (!staged) {
                endChunk();
            }
            if (staged) {
                flushStage(true);
                long copied = stageCopy.endCopy();
                stageCopy = null;
                if (copied != stagedRows) {
                    throw new IllegalStateException("COPY staged " + copied + " rows of " + stagedRows);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                for (CopyIn copy : new CopyIn[]{chunkCopy, stageCopy}) {
                    if (copy != null && copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            } finally {
                if (links != null) {
                    links.close();
                }
            }
        }
    }

    /**
     * Ids linked to rows by one of their values (a card's holder), looked up on a connection of their own, in blocks,
     * and kept in a bounded cache (a value nobody holds is cached too).
     */
    private final class Links implements AutoCloseable {
        static final long NONE = -1;
        private final String sql;
        private final Map<String, Long> known = new java.util.LinkedHashMap<>(1 << 16) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > LINK_CACHE_ENTRIES;
            }
        };
        private Connection lookup;
        private PreparedStatement query;
        /** Every link is known (preloaded): a value not in the cache has none. */
        private boolean complete;

        Links(String sql) {
            this.sql = sql;
        }

        /**
         * Reads every link at once (one query instead of one per block) when they fit the cache; otherwise they are
         * looked up block by block. Either way a row gets the link committed when it is looked up, as the merge's
         * join gets the links committed when it starts.
         */
        void preload(String allSql) throws SQLException {
            connect();
            try (Statement st = lookup.createStatement();
                 ResultSet rs = st.executeQuery(allSql + " limit " + (LINK_CACHE_ENTRIES + 1))) {
                int read = 0;
                while (rs.next()) {
                    known.put(rs.getString(1), rs.getLong(2));
                    read++;
                }
                complete = read <= LINK_CACHE_ENTRIES;
            }
            if (!complete) {
                known.clear();
            }
        }

        private void connect() throws SQLException {
            if (lookup == null) {
                lookup = dataSource.getConnection();
                lookup.setAutoCommit(true);
                query = lookup.prepareStatement(sql);
            }
        }

        /**
         * {@code n} fresh keys from {@code sql} (one {@code int} parameter, one key per row), in ascending order, taken
         * on this connection: the run's connection is busy copying, and a sequence is not rolled back anyway.
         */
        long[] reserveKeys(String sql, int n) throws SQLException {
            connect();
            long[] keys = new long[n];
            try (PreparedStatement ps = lookup.prepareStatement(sql)) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    int got = 0;
                    while (rs.next()) {
                        keys[got++] = rs.getLong(1);
                    }
                    if (got != n) {
                        throw new IllegalStateException("asked for " + n + " keys, got " + got);
                    }
                }
            }
            java.util.Arrays.sort(keys);
            return keys;
        }

        void resolve(String[][] rows, int count, int at) throws SQLException {
            if (complete) {
                return;
            }
            List<String> wanted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String value = rows[i][at];
                if (value != null && !known.containsKey(value)) {
                    known.put(value, NONE);
                    wanted.add(value);
                }
            }
            if (wanted.isEmpty()) {
                return;
            }
            connect();
            java.sql.Array values = lookup.createArrayOf("text", wanted.toArray());
            try {
                query.setArray(1, values);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        known.put(rs.getString(1), rs.getLong(2));
                    }
                }
            } finally {
                values.free();
            }
        }

        /** The id linked to a value resolved in its block, or {@link #NONE}. */
        long get(String value) {
            if (value == null) {
                return NONE;
            }
            Long id = known.get(value);
            return id == null ? NONE : id;
        }

        @Override
        public void close() throws SQLException {
            if (lookup != null) {
                lookup.close();
            }
        }
    }

    /** A growable buffer of rows in PostgreSQL COPY text format, UTF-8, written without intermediate strings. */
    static final class CopyBuffer {
        byte[] bytes;
        int size;

        CopyBuffer(int capacity) {
            bytes = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void reset() {
            size = 0;
        }

        void tab() {
            ensure(1);
            bytes[size++] = '\t';
        }

        void newline() {
            ensure(1);
            bytes[size++] = '\n';
        }

        void nullValue() {
            ensure(2);
            bytes[size++] = '\\';
            bytes[size++] = 'N';
        }

        void append(byte[] src) {
            append(src, 0, src.length);
        }

        void append(byte[] src, int from, int length) {
            ensure(length);
            System.arraycopy(src, from, bytes, size, length);
            size += length;
        }

        void number(long v) {
            if (v < 0) {
                append(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            ensure(20);
            int digits = 1;
            for (long rest = v / 10; rest > 0; rest /= 10) {
                digits++;
            }
            int at = size + digits;
            do {
                bytes[--at] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            size += digits;
        }

        /** A value ({@code null}: SQL NULL), escaped for COPY text format, in UTF-8. */
        void value(String v) {
            if (v == null) {
                nullValue();
                return;
            }
            int n = v.length();
            ensure(n * 4);
            byte[] b = bytes;
            int at = size;
            for (int i = 0; i < n; i++) {
                char c = v.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> {
                            b[at++] = '\\';
                            b[at++] = '\\';
                        }
                        case '\t' -> {
                            b[at++] = '\\';
                            b[at++] = 't';
                        }
                        case '\n' -> {
                            b[at++] = '\\';
                            b[at++] = 'n';
                        }
                        case '\r' -> {
                            b[at++] = '\\';
                            b[at++] = 'r';
                        }
                        default -> b[at++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xc0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    int cp = Character.codePointAt(v, i);
                    if (Character.isHighSurrogate(c) && cp != c) {
                        b[at++] = (byte) (0xf0 | (cp >> 18));
                        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                        b[at++] = (byte) (0x80 | (cp & 0x3f));
                        i++;
                    } else {
                        b[at++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
                    }
                } else {
                    b[at++] = (byte) (0xe0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            size = at;
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
