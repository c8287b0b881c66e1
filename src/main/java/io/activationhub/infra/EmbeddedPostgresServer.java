package io.activationhub.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server shipped in a Maven artifact, started in-process for standalone mode.
 * Its data directory lives under {@code hub.home} and survives restarts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dataDirectory, int port, java.util.function.Consumer<String> warnings)
            throws IOException {
        this(dataDirectory, port, warnings, java.util.Map.of());
    }

    /**
     * With server settings of the caller's on top of the hub's (the benchmarks load {@code pg_stat_statements} to
     * print where PostgreSQL's time goes).
     */
    public EmbeddedPostgresServer(Path dataDirectory, int port, java.util.function.Consumer<String> warnings,
                                  java.util.Map<String, String> settings) throws IOException {
        Files.createDirectories(dataDirectory);
        stopOrphan(dataDirectory, warnings);
        Path runtime = dataDirectory.resolveSibling("postgres-runtime");
        Files.createDirectories(runtime);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtime.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                // zonky's defaults are for throw-away test databases (-F, synchronous_commit=off): here they would
                // let a crash of PostgreSQL or of the machine lose transactions the hub was told were committed
                // (after which it moved the file to done/ or committed its Kafka offsets)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // a reconciliation writes about 50 WAL records per member: with the default 4 MB of WAL buffers the
                // backend waited on full buffers 51,446 times for 200,000 members, and with 1 GB of WAL between
                // checkpoints PostgreSQL warned that checkpoints came every 25 s (each one makes the next writes log
                // whole pages again)
                .setServerConfig("wal_buffers", "64MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", sharedBuffersMegabytes() + "MB");
        settings.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        this.postgres = builder.start();
    }

    /**
     * PostgreSQL's cache: a quarter of the machine's memory (PostgreSQL's own advice), between the default 128 MB and
     * 4 GB. With 128 MB, reconciling a million members into a 3 GB database made the backend write 5.4 million dirty
     * pages out itself and read 9.3 million back, and took 337.5 s; with 4 GB it took 287.0 s (bench/README.md). The
     * memory is reserved, not used, until pages are read: a small database costs what it holds.
     */
    static long sharedBuffersMegabytes() {
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
        return Math.max(128, Math.min(4096, total / 4));
    }

    /**
     * A hub killed without shutting down (kill -9, power loss) leaves its PostgreSQL running on the data directory,
     * which would keep the next start from using it. Stop that orphan first (fast shutdown: it has no clients left).
     */
    static void stopOrphan(Path dataDirectory, java.util.function.Consumer<String> warnings) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!first.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(first))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .ifPresent(orphan -> {
                    warnings.accept("Stopping a PostgreSQL (pid " + orphan.pid() + ") left running on " + dataDirectory
                            + " by a hub that did not shut down");
                    long t0 = System.nanoTime();
                    orphan.destroy();
                    try {
                        orphan.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        orphan.destroyForcibly();
                    }
                    warnings.accept("Orphan PostgreSQL stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                });
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * Stops PostgreSQL. The embedded server's stop waits 5 s, and its shutdown checkpoint writes every page changed
     * since the last checkpoint: after a large load (a million members reconciled) that took longer, the stop was
     * reported as failed and PostgreSQL went on stopping after the hub had exited. A checkpoint first, which has no
     * such limit, leaves the shutdown little to write.
     */
    @Override
    public void close() throws IOException {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute("checkpoint");
        } catch (java.sql.SQLException e) {
            // stopping goes on: the shutdown checkpoint writes what this one did not
        }
        postgres.close();
    }
}
