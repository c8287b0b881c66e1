package io.activationhub.ingest;

import java.util.List;

/**
 * What one kind of file looks like and how its rows land in the store: the columns, the check and conversion of
 * one row into staging values, and the set-based SQL that moves staged rows into their table.
 * Implementations are plain Java: the checks are tested without a database.
 */
public interface FeedFormat {

    /** Feed id, as listed at {@code GET /api/feeds}. */
    String feedId();

    String kind();

    String description();

    /** Columns the header must have. */
    List<String> requiredColumns();

    /** Every column the format reads (required and optional). */
    default List<String> allColumns() {
        return requiredColumns();
    }

    /** Staging table columns with their SQL types, in the order {@link #stage} fills them (line_no comes first, implicitly). */
    List<String> stagingColumns();

    /** Checks one row and fills the staging values (one per staging column, {@code null} for SQL NULL). */
    void stage(Row row, String[] values) throws RowRejected;

    /**
     * Optional SQL run once the rows are staged, before {@link #mergeSql()}: checks staged rows against what the store
     * holds (an id that must exist, say), deletes the refused ones from {@code stage} and returns them as rows of
     * {@code (line_no, reason, raw)}; they are counted and quarantined as rejected rows. {@code null}: no such check.
     */
    default String refuseSql() {
        return null;
    }

    /**
     * Optional SQL run with the run id ({@code ?}) before {@link #mergeSql()}, in the same transaction: what the merge
     * needs stored first (the headers its rows hang from, say). {@code null}: nothing.
     */
    default String mergeFirstSql() {
        return null;
    }

    /**
     * SQL moving {@code stage} (a temporary table with {@code line_no} and the staging columns) into the feed's table
     * for run {@code ?}; must return one row with one column: the number of rows accepted. Staged rows not accepted
     * are duplicates.
     */
    String mergeSql();

    /**
     * Optional fast path: how checked rows can be copied straight into the feed's tables (no staging table, no merge)
     * as long as none of them collides with a stored row or another row of the file. {@code null}: always staged.
     * {@link #refuseSql()} then runs only on the rows that went through the staging table: the direct path must refuse
     * what it would refuse by itself.
     */
    default DirectCopy directCopy() {
        return null;
    }
}
