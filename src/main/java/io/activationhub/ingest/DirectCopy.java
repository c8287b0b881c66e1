package io.activationhub.ingest;

/**
 * How a format's checked rows can be written with {@code COPY} straight into the feed's table, skipping the staging
 * table and the set-based merge (see {@link FeedFormat#directCopy()}).
 * <p>
 * Each row is sent as the format's staging values (in {@link FeedFormat#stagingColumns()} order), then the run id,
 * then the id linked to the row's value at {@code linkValue} (SQL NULL when that value is empty or unknown); so
 * {@code copySql} names the table's columns in that order. {@code linkSql} takes one {@code text[]} parameter, the
 * link values wanted, and returns {@code (value, linked id)} for those it knows; {@code allLinksSql} returns every
 * {@code (value, linked id)} (read at once for a big file when there are not too many).
 * <p>
 * A direct copy must store exactly what {@link FeedFormat#mergeSql()} stores for rows that collide with nothing: no
 * stored row and no other row of the file has the same key (the table's unique key rejects the copy otherwise, and
 * the ingestor goes back to the staged merge from there on, which counts those rows as duplicates).
 *
 * @param copySql     {@code copy <table> (<columns>) from stdin}, in text format
 * @param linkValue   index of the staging value the link is looked up by
 * @param linkSql     lookup of the linked ids, one {@code text[]} parameter, rows of {@code (value, id)}
 * @param allLinksSql every link, rows of {@code (value, id)}
 */
public record DirectCopy(String copySql, int linkValue, String linkSql, String allLinksSql) {
}
