package io.activationhub.ingest;

import io.activationhub.HubTestFiles;
import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** File feeds against the real store: broken input of every kind loses nothing and every row is accounted for. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "hub.home=target/test-hubs/ingest",
        "hub.routes-dir=target/test-hubs/ingest/routes",
        "hub.audiences-dir=target/test-hubs/ingest/audiences",
        "hub.ingest.progress-every-rows=1000",
        // a deployment's own range; pos.quantity keeps its default (-100..100)
        "hub.hygiene.ranges[pos.unit_price]=0..500"})
@ActiveProfiles("test")
class FileIngestionTest {

    /** The till format without its direct copy: every file goes through the staged merge. */
    static final FeedFormat MERGE_ONLY = new PosTicketFormat() {
        @Override
        public DirectCopy directCopy() {
            return null;
        }
    };
    static final String HEADER = "store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel\n";
    static Path home;

    @Autowired
    FileFeeds feeds;
    @Autowired
    FileIngestor ingestor;
    @Autowired
    FeedRunLedger ledger;
    @Autowired
    HubInstance instance;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PosTicketFormat pos;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("ingest");
    }

    @BeforeEach
    void noRoutesInTheWay() {
        // these tests call the feeds directly; the routes' inbox folders stay empty
        deleteTickets("store_id like 'IT-%'");
        jdbc.update("delete from customer_identity where source = 'card' and source_key like 'IT-CARD-%'");
    }

    private void deleteTickets(String where) {
        jdbc.update("delete from pos_ticket_item where ticket_key in (select ticket_key from pos_ticket where " + where + ")");
        jdbc.update("delete from pos_ticket where " + where);
    }

    private Path file(String name, byte[] content) throws IOException {
        Path dir = home.resolve("test-files");
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), content);
    }

    private static String lines(String store, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append(store).append(";T").append(i).append(";2026-10-01T10:00:00;;1;SKU;cat;1;9,99;0;store\n");
        }
        return sb.toString();
    }

    private long rows(String store) {
        return jdbc.queryForObject("select count(*) from pos_ticket_line where store_id = ?", Long.class, store);
    }

    @Test
    void aRetailerFileIsReadThroughItsColumnMappingWithoutJava() throws IOException {
        String content = "MAGASIN,NUM_TICKET,DATE_HEURE,CARTE_FIDELITE,LIGNE,CODE_ARTICLE,RAYON,QTE,PRIX_UNITAIRE,REMISE,CANAL\n"
                + "IT-MAP,T1,2026-10-01T10:00:00,,1,SKU-É,Électroménager,1,\"19,90\",0,store\n"
                + "IT-MAP,T2,2026-10-01T11:00:00,C1,1,SKU-2,Rayon,2,5.00,0,web\n";
        FeedRun run = feeds.ingest("pos", file("retailer.csv", content.getBytes(Charset.forName("ISO-8859-15"))).toString(),
                "retailer-example-pos");
        assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(run.accepted()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select category from pos_ticket_line where store_id = 'IT-MAP' and ticket_id = 'T1'",
                String.class)).isEqualTo("Électroménager");
        assertThat(jdbc.queryForObject("select unit_price from pos_ticket_line where store_id = 'IT-MAP' and ticket_id = 'T1'",
                java.math.BigDecimal.class)).isEqualByComparingTo("19.90");
    }

    @Test
    void valuesOutsideTheirValidityRangeAreKeptAndFlaggedInTheRunsDataQualityReport() throws IOException {
        String content = HEADER
                + "IT-RANGE;T1;2026-10-01T10:00:00;;1;SKU;cat;1;9,99;0;store\n"
                // above the deployment's 500: kept, flagged
                + "IT-RANGE;T2;2026-10-01T10:00:00;;1;SKU;cat;1;750,00;0;store\n"
                // above the default 100 items, and a price above 500: two flags
                + "IT-RANGE;T3;2026-10-01T10:00:00;;1;SKU;cat;150;600;0;store\n"
                // rejected for its channel: its out-of-range price is not counted
                + "IT-RANGE;T4;2026-10-01T10:00:00;;1;SKU;cat;1;900;0;moon\n";
        FeedRun run = feeds.ingest("pos", file("ranges.csv", content.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(List.of(run.read(), run.accepted(), run.rejected(), run.duplicate())).containsExactly(4L, 3L, 1L, 0L);
        assertThat(jdbc.queryForObject("select unit_price from pos_ticket_line where store_id = 'IT-RANGE' and ticket_id = 'T2'",
                java.math.BigDecimal.class)).isEqualByComparingTo("750");
        assertThat(jdbc.queryForList("""
                select field || ':' || outcome || ':' || code || ':' || count from data_quality_count where run_id = ?
                order by field""", String.class, run.id()))
                .containsExactly("quantity:flagged:OUT_OF_RANGE:1", "unit_price:flagged:OUT_OF_RANGE:2");
    }

    @Test
    void aRetailerFileDroppedInItsInboxGoesThroughTheKameletConnector() {
        String content = "MAGASIN,NUM_TICKET,DATE_HEURE,CARTE_FIDELITE,LIGNE,CODE_ARTICLE,RAYON,QTE,PRIX_UNITAIRE,REMISE,CANAL\n"
                + "IT-KAM,T1,2026-10-01T10:00:00,,1,SKU-1,Rayon,1,1.00,0,store\n";
        HubTestFiles.drop(home.resolve("inbox/pos-retailer-example"), "export.csv", content);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("IT-KAM") == 1);
    }

    @Test
    void aMissingMappingFailsTheRunClearly() throws IOException {
        FeedRun run = feeds.ingest("pos", file("nomap.csv", (HEADER + lines("IT-NOMAP", 1, 2)).getBytes()).toString(),
                "no-such-mapping");
        assertThat(run.status()).isEqualTo(FeedRun.FAILED);
        assertThat(run.error()).contains("no column mapping no-such-mapping.mapping.yaml");
    }

    @Test
    void wrongEncodingWrongColumnCountHugeLineAndBlankLinesAreAllAccountedFor() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(HEADER.getBytes(StandardCharsets.UTF_8));
        out.write("IT-MIX;T1;2026-10-01T10:00:00;;1;SKU;Électro;1;1,00;0;store\n".getBytes(StandardCharsets.UTF_8));
        out.write("IT-MIX;T2;2026-10-01T10:00:00;;1;SKU;Électro;1;1,00;0;store\n".getBytes(StandardCharsets.ISO_8859_1));
        out.write("IT-MIX;T3;2026-10-01T10:00:00;;1;SKU\n\n".getBytes(StandardCharsets.UTF_8));
        out.write(("IT-MIX;T4;2026-10-01T10:00:00;;1;" + "X".repeat(200_000) + ";c;1;1;0;store\n").getBytes(StandardCharsets.UTF_8));
        out.write("IT-MIX;T5;2026-10-01T10:00:00;;1;SKU;c;1;1;0;store".getBytes(StandardCharsets.UTF_8)); // no final newline
        FeedRun run = feeds.ingest("pos", file("mixed.csv", out.toByteArray()).toString());
        assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(run.read()).isEqualTo(5);
        assertThat(run.progressRows()).as("progress recorded at the end of reading").isEqualTo(5);
        assertThat(run.accepted()).isEqualTo(3);
        assertThat(run.rejected()).isEqualTo(2);
        assertThat(run.countsAddUp()).isTrue();
        assertThat(jdbc.queryForList("select distinct category from pos_ticket_line where store_id = 'IT-MIX' and ticket_id in ('T1','T2')",
                String.class)).containsExactly("Électro");
        assertThat(jdbc.queryForList("select line_no || ':' || reason from rejected_row where run_id = ? order by line_no",
                String.class, run.id())).containsExactly("4:expected 11 columns, found 6",
                "6:line longer than 65536 bytes (200047 bytes skipped)");
        assertThat(home.resolve(run.quarantineFile())).content().contains("expected 11 columns, found 6");
    }

    @Test
    void inchMarksInLabelsAndAQuoteNeverClosedLoseNoRow() throws IOException {
        String content = HEADER
                + "IT-INCH;T1;2026-10-01T10:00:00;;1;SKU-1;TV 55\";1;599,00;0;store\n"
                + "IT-INCH;T1;2026-10-01T10:00:00;;2;SKU-2;cable;1;9,99;0;store\n"
                + "IT-INCH;T2;2026-10-01T11:00:00;;1;SKU-3;TV 65\";1;899,00;0;store\n"
                + "IT-INCH;T3;2026-10-01T12:00:00;;1;SKU-4;\"stray;1;5,00;0;store\n"
                + "IT-INCH;T4;2026-10-01T13:00:00;;1;SKU-5;cable;1;9,99;0;store\n";
        FeedRun run = feeds.ingest("pos", file("inch.csv", content.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(List.of(run.read(), run.accepted(), run.rejected(), run.duplicate())).containsExactly(5L, 4L, 1L, 0L);
        assertThat(run.countsAddUp()).isTrue();
        assertThat(jdbc.queryForList("select ticket_id || ':' || category || ':' || unit_price from pos_ticket_line"
                + " where store_id = 'IT-INCH' order by ticket_id, line_no", String.class))
                .containsExactly("T1:TV 55\":599.00", "T1:cable:9.99", "T2:TV 65\":899.00", "T4:cable:9.99");
        assertThat(jdbc.queryForList("select line_no || ':' || reason from rejected_row where run_id = ?", String.class,
                run.id())).containsExactly("5:unterminated quoted field at end of file");
        assertThat(home.resolve(run.quarantineFile())).content().contains("SKU-4").doesNotContain("SKU-5");
    }

    @Test
    void aLoyaltyFileWithBareCrLineEndingsIsReadRowByRow() throws IOException {
        String content = "card_number;first_name;last_name;email;postcode;city;optin_postal\r"
                + "IT-CR1;Anne;Roux;a@x.org;75001;Paris;1\rIT-CR2;Bob;Petit;b@x.org;69001;Lyon;0\r";
        FeedRun run = feeds.ingest("loyalty", file("mac.csv", content.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(List.of(run.read(), run.accepted(), run.rejected(), run.duplicate())).containsExactly(2L, 2L, 0L, 0L);
        assertThat(run.countsAddUp()).isTrue();
        assertThat(jdbc.queryForObject("select optin_postal || city from loyalty_member where card_number = 'IT-CR2'",
                String.class)).isEqualTo("0Lyon");
    }

    @Test
    void aHeaderWithAControlCharacterFailsTheFileClearly() throws IOException {
        // UTF-16 without a byte-order mark: every other byte is NUL
        FeedRun run = feeds.ingest("pos", file("nul-header.csv", (HEADER + lines("IT-NULHDR", 1, 2))
                .getBytes(StandardCharsets.UTF_16LE)).toString());
        assertThat(run.status()).isEqualTo(FeedRun.FAILED);
        assertThat(run.error()).contains("header field 1 contains control character U+0000");
        assertThat(rows("IT-NULHDR")).isZero();
    }

    @Test
    void aCardNumberWrittenByExcelAsEqualsQuoteIsStoredAsTheCardNumber() throws IOException {
        String content = HEADER + "IT-EXCEL;T1;2026-10-01T10:00:00;=\"0012345678\";1;SKU;cat;1;9,99;0;store\n";
        FeedRun run = feeds.ingest("pos", file("excel.csv", content.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(List.of(run.read(), run.accepted(), run.rejected(), run.duplicate())).containsExactly(1L, 1L, 0L, 0L);
        assertThat(jdbc.queryForObject("select card_number from pos_ticket_line where store_id = 'IT-EXCEL'", String.class))
                .isEqualTo("0012345678");
    }

    @Test
    void aValueThePostgresCopyWouldRefuseRejectsOnlyItsRow() throws IOException {
        // both ways of writing rows: the direct copy and the staged merge
        for (FeedFormat format : List.of(pos, MERGE_ONLY)) {
            String store = format == pos ? "IT-NUL-D" : "IT-NUL-M";
            String content = HEADER
                    + store + ";T1;2026-10-01T10:00:00;;1;SKU\u0000X;cat;1;9,99;0;store\n"
                    + store + ";T2;2026-10-01T10:00:00;;1;SKU;ca\u0001t;1;9,99;0;store\n"
                    + store + ";T3;0000-01-01T10:15:00;;1;SKU;cat;1;9,99;0;store\n"
                    + store + ";T4;2026-10-01T10:00:00;;1;SKU;cat\tégorie;1;9,99;0;store\n"
                    + store + ";T5;2026-10-01T10:00:00;;1;SKU;cat;1;9,99;0;store\n";
            FeedRun run = ingestor.ingest(format, file(store + ".csv", content.getBytes(StandardCharsets.UTF_8)));
            assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
            assertThat(List.of(run.read(), run.accepted(), run.rejected(), run.duplicate())).containsExactly(5L, 2L, 3L, 0L);
            assertThat(run.countsAddUp()).isTrue();
            assertThat(jdbc.queryForList("select line_no || ':' || reason from rejected_row where run_id = ? order by line_no",
                    String.class, run.id())).containsExactly("2:sku contains control character U+0000 at character 4",
                    "3:category contains control character U+0001 at character 3",
                    "4:ticket_ts year out of range 1..9999: '0000-01-01T10:15:00'");
            assertThat(jdbc.queryForList("select ticket_id from pos_ticket_line where store_id = ? order by ticket_id",
                    String.class, store)).containsExactly("T4", "T5");
        }
        String loyalty = "card_number;first_name;last_name;email;postcode;city\n"
                + "IT-NUL1;An\u0000ne;Roux;a@x.org;75001;Paris\nIT-NUL2;Bob;Petit;b@x.org;69001;Lyon\n";
        FeedRun run = feeds.ingest("loyalty", file("nul-loyalty.csv", loyalty.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(List.of(run.read(), run.accepted(), run.rejected(), run.duplicate())).containsExactly(2L, 1L, 1L, 0L);
        assertThat(jdbc.queryForList("select reason from rejected_row where run_id = ?", String.class, run.id()))
                .containsExactly("first_name contains control character U+0000 at character 3");
    }

    @Test
    void anEmptyFileAndAHeaderOnlyFileAreRunsWithNothingToCount() throws IOException {
        FeedRun empty = feeds.ingest("pos", file("empty.csv", new byte[0]).toString());
        assertThat(empty.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(empty.read()).isZero();
        assertThat(empty.error()).isEqualTo("empty file: no header, no rows");
        FeedRun headerOnly = feeds.ingest("pos", file("header-only.csv", HEADER.getBytes()).toString());
        assertThat(headerOnly.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(headerOnly.read()).isZero();
    }

    @Test
    void aTruncatedGzipKeepsTheRowsBeforeTheCutAndSaysSo() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write((HEADER + lines("IT-GZ", 1, 20_000)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        FeedRun complete = feeds.ingest("pos", file("whole.csv.gz", whole).toString());
        assertThat(complete.accepted()).isEqualTo(20_000);
        deleteTickets("store_id = 'IT-GZ'");

        FeedRun cut = feeds.ingest("pos", file("cut.csv.gz", java.util.Arrays.copyOf(whole, whole.length / 2)).toString());
        assertThat(cut.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(cut.error()).startsWith("file truncated");
        assertThat(cut.rejected()).isGreaterThanOrEqualTo(1);
        assertThat(cut.accepted()).isBetween(1000L, 19_999L);
        assertThat(cut.countsAddUp()).isTrue();
        assertThat(rows("IT-GZ")).isEqualTo(cut.accepted());
    }

    @Test
    void aDuplicateFileUnderAnotherNameIsNotIngestedAgain() throws IOException {
        byte[] content = (HEADER + lines("IT-DUP", 1, 10)).getBytes();
        FeedRun first = feeds.ingest("pos", file("dup-a.csv", content).toString());
        FeedRun second = feeds.ingest("pos", file("dup-b.csv", content).toString());
        assertThat(first.accepted()).isEqualTo(10);
        assertThat(second.status()).isEqualTo(FeedRun.DUPLICATE_FILE);
        assertThat(second.duplicateOfRun()).isEqualTo(first.id());
        assertThat(rows("IT-DUP")).isEqualTo(10);
    }

    @Test
    void aDatabaseConnectionKilledMidFileLeavesNothingOfThatAttemptAndTheFileLoadsExactlyOnce() throws IOException {
        Path big = file("killed.csv", (HEADER + lines("IT-KILL", 1, 50_000)).getBytes());
        AtomicBoolean killed = new AtomicBoolean();
        FeedFormat killer = new PosTicketFormat() {
            @Override
            public void stage(Row row, String[] values) throws RowRejected {
                if (row.lineNo() == 30_000 && killed.compareAndSet(false, true)) {
                    // another session kills the ingesting backend, as a crash or failover would
                    jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where query like 'copy %' and state = 'active'");
                }
                super.stage(row, values);
            }
        };
        // the store went away under the run: not the file's fault, so the whole file is tried again at once
        FeedRun loaded = ingestor.ingest(killer, big);
        assertThat(killed).isTrue();
        assertThat(loaded.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(loaded.progressRows()).isEqualTo(50_000);
        assertThat(loaded.accepted()).isEqualTo(50_000);
        List<Map<String, Object>> attempts = jdbc.queryForList(
                "select id, status, error from feed_run where source_name = 'killed.csv' and id <> ?", loaded.id());
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).get("status")).isEqualTo(FeedRun.FAILED);
        assertThat((String) attempts.get(0).get("error")).startsWith("store unavailable during the run");
        assertThat(jdbc.queryForObject("select count(*) from file_claim where run_id = ?", Long.class,
                attempts.get(0).get("id"))).isZero();

        // and exactly once: the same file again is a duplicate file
        FeedRun again = ingestor.ingest(pos, big);
        assertThat(again.status()).isEqualTo(FeedRun.DUPLICATE_FILE);
        assertThat(rows("IT-KILL")).isEqualTo(50_000);
        assertThat(jdbc.queryForObject("select count(distinct ticket_id) from pos_ticket_line where store_id = 'IT-KILL'",
                Long.class)).isEqualTo(50_000);
    }

    /** A till export for {@code store}: line {@code i} of ticket T{i/3}, a third with card IT-CARD-{i%7}. */
    private static String tickets(String store, int count, int... repeatedLines) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 1; i <= count; i++) {
            sb.append(ticketLine(store, i, "SKU" + i));
        }
        for (int i : repeatedLines) {
            sb.append(ticketLine(store, i, "SKU-AGAIN" + i));
        }
        return sb.toString();
    }

    /** Line {@code i % 3 + 1} of ticket {@code i / 3}: a ticket's lines share its time, card and channel. */
    private static String ticketLine(String store, int i, String sku) {
        int t = i / 3;
        String card = t % 3 == 0 ? "" : "IT-CARD-" + (t % 7);
        return store + ";T" + t + ";2026-10-01 10:" + String.format("%02d", t % 60) + ":" + (t % 2 == 0 ? "00" : "30")
                + ";" + card + ";" + (i % 3 + 1) + ";" + sku + ";rayon é;" + (i % 4 + 1) + ";" + (i % 50) + ",9" + ";0;"
                + (t % 5 == 0 ? "web" : "store") + "\n";
    }

    /** What a store's lines hold, whichever run wrote them (the store itself left out). */
    private List<String> stored(String store) {
        return jdbc.queryForList("""
                select ticket_id || '|' || line_no || '|' || ticket_ts || '|' || coalesce(card_number, '-') || '|' || sku
                       || '|' || category || '|' || quantity || '|' || unit_price || '|' || discount || '|' || channel
                       || '|' || coalesce(customer_id::text, '-')
                from pos_ticket_line where store_id = ? order by ticket_id, line_no""", String.class, store);
    }

    private List<Long> counts(FeedRun run) {
        return List.of(run.read(), run.accepted(), run.rejected(), run.duplicate());
    }

    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    io.activationhub.infra.HubProperties hubProperties;

    @Test
    void theDirectCopyAndTheStagedMergeStoreTheSameLinesAndCountTheSame() throws IOException {
        long holder = jdbc.queryForObject("insert into customer (first_name) values ('Card') returning id", Long.class);
        for (int card = 1; card <= 3; card++) { // IT-CARD-1..3 held, IT-CARD-4..6 unknown
            jdbc.update("""
                    insert into customer_identity (source, source_key, customer_id, link_rule)
                    values ('card', ?, ?, 'test') on conflict do nothing""", "IT-CARD-" + card, holder);
        }
        FileIngestor smallChunks = new FileIngestor(dataSource, ledger, hubProperties, instance, 65536);
        smallChunks.setDirectChunkRows(50);

        // no collision: copied straight in, chunk after chunk, linked as it is written
        FeedRun direct = smallChunks.ingest(pos, file("direct.csv", (tickets("IT-DIRECT", 230)
                + "IT-DIRECT;T9999;not a date;;1;SKU;c;1;1;0;store\n").getBytes(StandardCharsets.UTF_8)));
        FeedRun merged = smallChunks.ingest(MERGE_ONLY, file("merged.csv", (tickets("IT-MERGED", 230)
                + "IT-MERGED;T9999;not a date;;1;SKU;c;1;1;0;store\n").getBytes(StandardCharsets.UTF_8)));
        FileIngestor preloading = new FileIngestor(dataSource, ledger, hubProperties, instance, 65536);
        preloading.setDirectChunkRows(50);
        preloading.setPreloadLinksFromBytes(0); // every card holder read at once, as for a big file
        FeedRun preloaded = preloading.ingest(pos, file("preloaded.csv", (tickets("IT-PRELOAD", 230)
                + "IT-PRELOAD;T9999;not a date;;1;SKU;c;1;1;0;store\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(counts(direct)).containsExactly(231L, 230L, 1L, 0L).isEqualTo(counts(merged)).isEqualTo(counts(preloaded));
        assertThat(stored("IT-DIRECT")).hasSize(230).isEqualTo(stored("IT-MERGED")).isEqualTo(stored("IT-PRELOAD"));
        assertThat(jdbc.queryForObject("""
                select count(*) from pos_ticket_line where store_id = 'IT-DIRECT' and customer_id = ?""", Long.class, holder))
                .as("lines with a held card are linked to its holder").isGreaterThan(60);
        assertThat(jdbc.queryForObject("""
                select count(*) from pos_ticket_line where store_id = 'IT-DIRECT' and card_number in ('IT-CARD-4', 'IT-CARD-5', 'IT-CARD-6')
                   and customer_id is null""", Long.class)).as("unknown cards stay for reconciliation").isGreaterThan(60);

        // collisions in a later chunk, within the file and against stored lines: the direct chunks before stay, the
        // rest goes through the merge, and the counts and lines are what the merge alone gives
        for (String store : List.of("IT-FALL", "IT-FALLM")) {
            FeedFormat format = store.equals("IT-FALL") ? pos : MERGE_ONLY;
            FeedRun before = smallChunks.ingest(format, file(store + "-before.csv",
                    (HEADER + ticketLine(store, 170, "SKU170") + ticketLine(store, 171, "SKU171")).getBytes(StandardCharsets.UTF_8)));
            assertThat(before.accepted()).isEqualTo(2);
        }
        FeedRun fallBack = smallChunks.ingest(pos, file("fall.csv",
                tickets("IT-FALL", 230, 20, 120, 120).getBytes(StandardCharsets.UTF_8)));
        FeedRun mergedToo = smallChunks.ingest(MERGE_ONLY, file("fallm.csv",
                tickets("IT-FALLM", 230, 20, 120, 120).getBytes(StandardCharsets.UTF_8)));
        // 233 lines: 228 new, 2 already stored (170, 171), 3 repeated in the file (20 once, 120 twice)
        assertThat(counts(fallBack)).containsExactly(233L, 228L, 0L, 5L).isEqualTo(counts(mergedToo));
        assertThat(fallBack.countsAddUp()).isTrue();
        assertThat(stored("IT-FALL")).hasSize(230).isEqualTo(stored("IT-FALLM"));
        assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line where store_id = 'IT-FALL' and sku like 'SKU-AGAIN%'",
                Long.class)).as("the first of repeated lines is the one kept").isZero();
    }

    @Test
    void aDirectCopyCollidingWithALineStoredBeforeCountsItAsADuplicate() throws IOException {
        FeedRun first = ingestor.ingest(pos, file("stored-first.csv", (HEADER + lines("IT-AGAIN", 5, 5)).getBytes()));
        FeedRun second = ingestor.ingest(pos, file("stored-again.csv", (HEADER + lines("IT-AGAIN", 1, 10)).getBytes()));
        assertThat(counts(first)).containsExactly(1L, 1L, 0L, 0L);
        assertThat(counts(second)).containsExactly(10L, 9L, 0L, 1L);
        assertThat(rows("IT-AGAIN")).isEqualTo(10);
        assertThat(jdbc.queryForObject("select run_id from pos_ticket_line where store_id = 'IT-AGAIN' and ticket_id = 'T5'",
                Long.class)).isEqualTo(first.id());
    }

    @Test
    void aTicketsLinesShareItsTimeCardAndChannelWhicheverWayTheyAreWritten() throws IOException {
        for (String store : List.of("IT-AGREE", "IT-AGREEM")) {
            FeedFormat format = store.equals("IT-AGREE") ? pos : MERGE_ONLY;
            String file = HEADER
                    + store + ";T1;2026-10-01T10:00;IT-CARD-1;1;SKU1;c;1;1;0;store\n"
                    + store + ";T1;2026-10-01T10:05;IT-CARD-1;2;SKU2;c;1;1;0;store\n"      // another time
                    + store + ";T1;2026-10-01T10:00;IT-CARD-1;3;SKU3;c;1;1;0;web\n"        // another channel
                    + store + ";T1;2026-10-01T10:00;IT-CARD-1;4;SKU4;c;1;1;0;store\n"
                    + store + ";T2;2026-10-01T11:00;;1;SKU5;c;1;1;0;store\n"
                    + store + ";T3;2026-10-01T12:00;;1;SKU6;c;1;1;0;store\n"
                    + store + ";T2;2026-10-01T11:00;IT-CARD-9;2;SKU7;c;1;1;0;store\n"      // further down, another card
                    + store + ";T2;2026-10-01T11:00;;3;SKU8;c;1;1;0;store\n";              // further down, agrees
            FeedRun run = ingestor.ingest(format, file(store + "-agree.csv", file.getBytes(StandardCharsets.UTF_8)));
            assertThat(counts(run)).as(store).containsExactly(8L, 5L, 3L, 0L);
            assertThat(jdbc.queryForList("select line_no || ': ' || reason from rejected_row where run_id = ? order by line_no",
                    String.class, run.id())).as(store).containsExactly(
                    "3: ticket_ts differs from line 2, the first line of ticket " + store
                            + " T1: '2026-10-01T10:05' instead of '2026-10-01T10:00'",
                    "4: channel differs from line 2, the first line of ticket " + store + " T1: 'web' instead of 'store'",
                    "8: card_number differs from line 6, the first line of ticket " + store + " T2");
            assertThat(jdbc.queryForList("select ticket_id || '/' || line_no || '/' || sku from pos_ticket_line "
                    + "where store_id = ? order by ticket_id, line_no", String.class, store))
                    .containsExactly("T1/1/SKU1", "T1/4/SKU4", "T2/1/SKU5", "T2/3/SKU8", "T3/1/SKU6");

            // a later file: a line of a stored ticket must agree with it too; one already stored is a duplicate
            FeedRun later = ingestor.ingest(format, file(store + "-later.csv", (HEADER
                    + store + ";T1;2026-10-01T10:00;IT-CARD-1;4;SKU4;c;1;1;0;store\n"
                    + store + ";T1;2026-10-01T10:09;IT-CARD-1;5;SKU9;c;1;1;0;store\n"
                    + store + ";T1;2026-10-01T10:00;IT-CARD-1;6;SKU10;c;1;1;0;store\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(counts(later)).as(store).containsExactly(3L, 1L, 1L, 1L);
            assertThat(jdbc.queryForList("select line_no || ': ' || reason from rejected_row where run_id = ?",
                    String.class, later.id())).as(store).containsExactly("3: ticket_ts differs from the stored ticket "
                    + store + " T1: '2026-10-01T10:09' instead of '2026-10-01T10:00'");
        }
    }

    @Test
    void ticketLinesPointOnlyAtExistingCustomersAsWithAForeignKey() {
        long customer = jdbc.queryForObject("insert into customer (first_name) values ('Held') returning id", Long.class);
        String insert = """
                insert into pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, channel, run_id, customer_id)
                values (nextval('pos_ticket_key_seq'), 'IT-FK', ?, now(), 'store', 0, ?)""";
        assertThatThrownBy(() -> jdbc.update(insert, "T-NONE", -42L))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class)
                .hasMessageContaining("pos_ticket_customer_id_fkey");
        jdbc.update(insert, "T-HELD", customer);
        jdbc.update("""
                insert into pos_ticket_item (ticket_key, line_no, sku, quantity, unit_price, run_id)
                select ticket_key, 1, 'SKU', 1, 1, 0 from pos_ticket where store_id = 'IT-FK'""");
        assertThatThrownBy(() -> jdbc.update("update pos_ticket set customer_id = -42 where store_id = 'IT-FK'"))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update("delete from customer where id = ?", customer))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class)
                .hasMessageContaining("still referenced from table \"pos_ticket\"");
        assertThatThrownBy(() -> jdbc.update("update customer set id = -43 where id = ?", customer))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThat(rows("IT-FK")).isEqualTo(1);
        jdbc.update("update pos_ticket set customer_id = null where store_id = 'IT-FK'");
        assertThat(jdbc.update("delete from customer where id = ?", customer)).isEqualTo(1);
    }

    @Test
    void runsLeftRunningByAKilledInstanceAreMarkedInterruptedAtTheNextStart() {
        long runId = ledger.start("pos", "was-running.csv", "deadbeef", instance.id());
        long otherInstance = ledger.start("pos", "other.csv", "cafe", "another-instance");
        feeds.declareFeeds();
        assertThat(ledger.run(runId).orElseThrow().status()).isEqualTo(FeedRun.INTERRUPTED);
        assertThat(ledger.run(otherInstance).orElseThrow().status()).isEqualTo(FeedRun.RUNNING);
        jdbc.update("update feed_run set status = 'FAILED' where id = ?", otherInstance);
    }

    @Test
    void theLoyaltyFeedKeepsTheLatestVersionOfACardAndCountsIdenticalRowsAsDuplicates() throws IOException {
        String header = "card_number;first_name;last_name;email;postcode;city\n";
        FeedRun first = feeds.ingest("loyalty", file("l1.csv", (header + "IT-L1;Anne;Roux;a@x.org;75001;Paris\n"
                + "IT-L2;Bob;Petit;b@x.org;69001;Lyon\n").getBytes()).toString());
        assertThat(first.accepted()).isEqualTo(2);
        FeedRun second = feeds.ingest("loyalty", file("l2.csv", (header + "IT-L1;Anne;Roux;a@x.org;75001;Paris\n"
                + "IT-L2;Bob;Petit;bob@x.org;69001;Lyon\nIT-L3;Cid;Vert;c@x.org;13001;Marseille\n"
                + "IT-L3;Cid;Vert;cid@x.org;13001;Marseille\n").getBytes()).toString());
        assertThat(List.of(second.read(), second.accepted(), second.rejected(), second.duplicate())).containsExactly(4L, 2L, 0L, 2L);
        assertThat(jdbc.queryForObject("select email from loyalty_member where card_number = 'IT-L3'", String.class))
                .isEqualTo("cid@x.org");
        assertThat(jdbc.queryForObject("select email from loyalty_member where card_number = 'IT-L2'", String.class))
                .isEqualTo("bob@x.org");
    }
}
