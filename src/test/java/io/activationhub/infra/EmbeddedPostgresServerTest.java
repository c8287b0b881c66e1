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
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
