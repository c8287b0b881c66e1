package io.activationhub.infra;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Work one hub instance does at a time, under a PostgreSQL session advisory lock taken and released on one connection
 * of its own. Through a pool, the release could go through another connection, where it fails, and the lock stayed
 * held by the first one. The work itself uses whatever connections it likes.
 */
public final class AdvisoryLock {

    private AdvisoryLock() {
    }

    /** The work's result, or empty without running it when another session holds the lock. */
    public static <T> Optional<T> whileHeld(DataSource dataSource, long key, Supplier<T> work) throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            if (!call(lock, "select pg_try_advisory_lock(?)", key)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                call(lock, "select pg_advisory_unlock(?)", key);
            }
        }
    }

    private static boolean call(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
