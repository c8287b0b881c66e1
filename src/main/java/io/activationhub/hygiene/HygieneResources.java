package io.activationhub.hygiene;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the reference files shipped under {@code src/main/resources/hygiene/}. */
final class HygieneResources {

    private HygieneResources() {
    }

    /**
     * The data lines of a resource: comment lines ({@code #}) and blank lines skipped, and the first
     * remaining line skipped when {@code hasHeader}. Gzipped when the name ends with {@code .gz}.
     */
    static List<String> dataLines(String name, boolean hasHeader) {
        String path = "/hygiene/" + name;
        try (InputStream raw = HygieneResources.class.getResourceAsStream(path)) {
            if (raw == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            List<String> lines = new ArrayList<>();
            boolean headerPending = hasHeader;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (headerPending) {
                    headerPending = false;
                    continue;
                }
                lines.add(line.strip());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }

    /** Splits a {@code ;}-separated line, keeping empty fields. */
    static String[] fields(String line, int expected) {
        String[] parts = line.split(";", -1);
        if (parts.length < expected) {
            throw new IllegalStateException("expected " + expected + " fields in reference line, got " + parts.length);
        }
        return parts;
    }
}
