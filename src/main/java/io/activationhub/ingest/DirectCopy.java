package io.activationhub.ingest;

/**
 * How a format's checked rows can be written with {@code COPY} straight into the feed's tables, skipping the staging
 * table and the set-based merge (see {@link FeedFormat#directCopy()}), when the rows come in groups that share
 * values: a till ticket's lines share its store, ticket id, time, card and channel.
 * <p>
 * The rows of a group follow each other in the file. The group is written once, as a header row: a fresh key (from
 * {@code keysSql}), the group's key values, its shared values, the run id, then the id linked to the group's value at
 * {@code linkValue} (SQL NULL when that value is empty or unknown); {@code headerCopySql} names the header table's
 * columns in that order. Each row is written as an item: the group's key, the row's item values, the run id, in the
 * order of {@code itemCopySql}'s columns. A group seen again further down the file, or already stored, fails the
 * header table's unique key on the group's key values; a row repeated within its group fails the item table's unique
 * key (key, item key); a row whose shared values differ from its group's first row cannot be copied. In each case the
 * ingestor goes back to the staged merge from that chunk on, which counts repeated rows as duplicates and whose
 * {@link FeedFormat#refuseSql()} refuses rows that disagree with their group.
 * <p>
 * A direct copy must store exactly what {@link FeedFormat#mergeSql()} stores for rows that collide with nothing.
 * Values are indexes into the format's staging values ({@link FeedFormat#stagingColumns()} order).
 *
 * @param headerCopySql {@code copy <header table> (<key>, <group key columns>, <shared columns>, <run>, <link>) from stdin}
 * @param itemCopySql   {@code copy <item table> (<key>, <item columns>, <run>) from stdin}
 * @param keysSql       one {@code int} parameter n: n fresh group keys
 * @param group         what a group is called in the log ("ticket")
 * @param groupKey      values identifying the group
 * @param sharedValues  values every row of the group must have alike
 * @param itemValues    values written per row
 * @param linkValue     index of the staging value the link is looked up by (one of {@code sharedValues})
 * @param linkSql       lookup of the linked ids, one {@code text[]} parameter, rows of {@code (value, id)}
 * @param allLinksSql   every link, rows of {@code (value, id)}
 */
public record DirectCopy(String headerCopySql, String itemCopySql, String keysSql, String group, int[] groupKey,
                         int[] sharedValues, int[] itemValues, int linkValue, String linkSql, String allLinksSql) {
}
