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
        flagged.clear();
        return this;
    }

    /** Flags of this record's values, column and rule in turn; counted only when the record is accepted. */
    private final List<String> flagged = new java.util.ArrayList<>(2);

    /**
     * Flags a value the format keeps but doubts (outside its validity range): it appears in the run's data-quality
     * report if the record is accepted.
     */
    public void flag(String column, String code) {
        flagged.add(column);
        flagged.add(code);
    }

    /** Adds the flags of the record just accepted to a run's counts. */
    void flagsInto(io.activationhub.feed.DataQualityCounts counts) {
        for (int i = 0; i < flagged.size(); i += 2) {
            counts.flagged(flagged.get(i), flagged.get(i + 1));
        }
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
