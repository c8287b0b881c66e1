package io.activationhub.audience;

import io.activationhub.infra.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The audience clock's lock: one hub instance ticks at a time, and a tick leaves the lock free for the next. */
class AudienceClockTest {

    private static EmbeddedPostgresServer pg;
    private static DriverManagerDataSource ds;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of("target/test-hubs/audience-clock/postgres").toAbsolutePath();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.getParent());
        pg = new EmbeddedPostgresServer(dir, 0, System.err::println);
        ds = new DriverManagerDataSource(pg.jdbcUrl());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /**
     * Three connections handed out in turn, as a busy pool may: the clock must take and release its session lock on one
     * and the same connection, or the lock stays held and later ticks (this instance's or another's) never run.
     */
    @Test
    void aTickReleasesItsLockWhicheverConnectionsThePoolHandsOut() throws Exception {
        try (Connection first = ds.getConnection(); Connection second = ds.getConnection();
             Connection third = ds.getConnection()) {
            Connection[] turns = {first, second, third};
            AtomicInteger next = new AtomicInteger();
            DelegatingDataSource alternating = new DelegatingDataSource(ds) {
                @Override
                public Connection getConnection() {
                    Connection c = turns[next.getAndIncrement() % turns.length];
                    // closing gives it back to the test, not to the pool
                    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                            new Class<?>[]{Connection.class}, (proxy, method, args) -> method.getName().equals("close")
                                    ? null : method.invoke(c, args));
                }
            };
            AudienceCatalog catalog = mock(AudienceCatalog.class);
            when(catalog.all()).thenReturn(List.of());
            AudienceClock clock = new AudienceClock(catalog, mock(AudienceActivation.class),
                    new NamedParameterJdbcTemplate(alternating));
            for (int i = 0; i < 3; i++) {
                clock.tick();
                try (Connection other = ds.getConnection(); Statement s = other.createStatement();
                     ResultSet rs = s.executeQuery("select count(*) from pg_locks where locktype = 'advisory'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("advisory locks still held after tick %d", i + 1).isZero();
                }
            }
        }
    }
}
