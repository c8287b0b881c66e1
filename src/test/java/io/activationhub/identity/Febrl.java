package io.activationhub.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Febrl synthetic person-record data sets: records and the truth (rec-n-org and rec-n-dup-k are one person). */
public final class Febrl {

    public record DataSet(List<PersonRecord> records, Map<String, String> truth) {
    }

    private Febrl() {
    }

    public static Path home() {
        for (Path p : List.of(Path.of("../shared/bench/febrl"), Path.of("/work/shared/bench/febrl"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Febrl data not found next to the project (../shared/bench/febrl)");
    }

    public static DataSet read(Path file) throws IOException {
        List<PersonRecord> records = new ArrayList<>();
        Map<String, String> truth = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("rec_id")) {
                continue;
            }
            String[] f = line.split(",", -1);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].trim();
            }
            String id = f[0];
            records.add(new PersonRecord(id, null, null, null, null, blank(f[1]), blank(f[2]), blank(f[3]), blank(f[4]),
                    blank(f[7]), blank(f[6]), date(f[9]), blank(f[10])));
            truth.put(id, id.split("-")[1]);
        }
        return new DataSet(records, truth);
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static LocalDate date(String s) {
        try {
            return s.length() == 8 ? LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
