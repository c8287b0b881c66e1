package io.activationhub.ingest;

import java.util.List;
import java.util.Map;

/** One data record seen through the file header: fields by column name, without a map per row. */
public final class Row {

    private final Map<String, Integer> columnIndex;
    private List<String> fields;
    private long lineNo;

    Row(Map<String, Integer> columnIndex) {
        this.columnIndex = columnIndex;
    }

    Row at(long lineNo, List<String> fields) {
        this.lineNo = lineNo;
        this.fields = fields;
        return this;
    }

    public long lineNo() {
        return lineNo;
    }

    /** The trimmed value of a column, or {@code null} when empty or absent from the file. */
    public String get(String column) {
        Integer i = columnIndex.get(column);
        if (i == null || i >= fields.size()) {
            return null;
        }
        String v = fields.get(i);
        return v.isEmpty() ? null : v;
    }

    public String required(String column) throws RowRejected {
        String v = get(column);
        if (v == null) {
            throw new RowRejected(column + " is empty");
        }
        return v;
    }
}
