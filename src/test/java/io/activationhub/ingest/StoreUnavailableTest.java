package io.activationhub.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreUnavailableTest {

    @Test
    void connectionFailuresAndServerShutdownsMeanTheStoreIsUnavailable() {
        assertThat(StoreUnavailable.isCause(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("hub - Connection is not available")))).isTrue();
        assertThat(StoreUnavailable.isCause(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(StoreUnavailable.isCause(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(StoreUnavailable.isCause(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(StoreUnavailable.isCause(new IOException("copy failed", new ConnectException("Connection refused"))))
                .isTrue();
        Exception withSuppressed = new IllegalStateException("copy aborted");
        withSuppressed.addSuppressed(new SQLException("connection closed", "08003"));
        assertThat(StoreUnavailable.isCause(withSuppressed)).isTrue();
    }

    @Test
    void theFilesOwnFaultsAndOtherDatabaseErrorsAreNot() {
        assertThat(StoreUnavailable.isCause(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(StoreUnavailable.isCause(new SQLException("invalid input syntax", "22P02"))).isFalse();
        assertThat(StoreUnavailable.isCause(new FeedFileRejected("expected 11 columns"))).isFalse();
        assertThat(StoreUnavailable.isCause(new IOException("Malformed input"))).isFalse();
        assertThat(StoreUnavailable.isCause(null)).isFalse();
    }
}
