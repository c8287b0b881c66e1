package io.activationhub.ingest;

import java.nio.charset.Charset;
import java.util.Map;

/**
 * How one partner's files differ from a feed's standard format: header names, delimiter, charset.
 * Read from {@code connectors/mappings/<name>.mapping.yaml}; integration teams edit it, not Java.
 *
 * @param columns hub column -> header name in the partner's file (columns not listed keep the hub's name)
 * @param charset {@code auto} detects UTF-8 or windows-1252 line by line
 */
public record FeedMapping(String feed, String delimiter, String charset, Map<String, String> columns) {

    public static final FeedMapping STANDARD = new FeedMapping(null, ";", "auto", Map.of());

    public FeedMapping {
        delimiter = delimiter == null || delimiter.isEmpty() ? ";" : delimiter;
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter must be one character, got '" + delimiter + "'");
        }
        charset = charset == null || charset.isBlank() ? "auto" : charset.trim();
        if (!charset.equalsIgnoreCase("auto") && !Charset.isSupported(charset)) {
            throw new IllegalArgumentException("unknown charset '" + charset + "'");
        }
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }

    public char delimiterChar() {
        return delimiter.charAt(0);
    }

    /** {@code null} for detection. */
    public Charset forcedCharset() {
        return charset.equalsIgnoreCase("auto") ? null : Charset.forName(charset);
    }

    /** The header name the partner uses for a hub column. */
    public String headerOf(String hubColumn) {
        return columns.getOrDefault(hubColumn, hubColumn);
    }
}
