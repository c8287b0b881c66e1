package io.activationhub.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTest {

    @Test
    void theStandaloneDatabaseCommitsDurably(@TempDir Path home) throws Exception {
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(home.resolve("data/postgres"), 0, s -> { });
             Connection con = DriverManager.getConnection(pg.jdbcUrl());
             Statement st = con.createStatement()) {
            // a commit the hub acts on (file to done/, Kafka offsets) must survive a crash of PostgreSQL or the machine
            assertThat(setting(st, "fsync")).isEqualTo("on");
            assertThat(setting(st, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(st, "full_page_writes")).isEqualTo("on");
            // sized for the machine, not PostgreSQL's 128 MB default (which made reconciliation churn pages)
            long megabytes = EmbeddedPostgresServer.sharedBuffersMegabytes();
            assertThat(megabytes).isBetween(128L, 4096L);
            try (ResultSet rs = st.executeQuery(
                    "select setting::bigint * 8 / 1024 from pg_settings where name = 'shared_buffers'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(megabytes);
            }
            assertThat(setting(st, "max_wal_size")).isEqualTo("4GB");
            assertThat(setting(st, "wal_buffers")).isEqualTo("64MB");
        }
    }

    @Test
    void closingStopsPostgresqlWithWhatItWroteOnDiskAndTheNextStartFindsIt(@TempDir Path home) throws Exception {
        Path data = home.resolve("data/postgres");
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data, 0, s -> { });
             Connection con = DriverManager.getConnection(pg.jdbcUrl());
             Statement st = con.createStatement()) {
            // pages changed since the last checkpoint, for close() to write before it stops the server
            st.execute("create table written as select g as id, md5(g::text) as v from generate_series(1, 200000) g");
        }
        assertThat(data.resolve("postmaster.pid")).as("stopped, not left stopping").doesNotExist();
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data, 0, s -> { });
             Connection con = DriverManager.getConnection(pg.jdbcUrl());
             Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from written")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(200_000);
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
