package io.activationhub.ingest;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The store (PostgreSQL) could not be reached or went away during a run: not the file's fault. The file stays in the
 * inbox and is tried again once the store answers; nothing it holds is lost.
 */
public class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether a failure means the store is unreachable: a connection failure (SQLState class 08), the server shutting
     * down or starting (57P01, 57P02, 57P03), no connection from the pool in time, or a refused TCP connection.
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailable || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed != failure && isCause(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
