package io.activationhub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What every benchmark of bench/ needs: its options, timing, printing, peak heap, a fresh home. */
final class Bench {

    private Bench() {
    }

    /** {@code --name=value} (or {@code name=value}) options; a bare {@code --flag} is {@code "true"}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return opt;
    }

    /** Seconds since {@code t0} (a {@link System#nanoTime()}). */
    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** Sum of the heap pools' peak usage since start (or their last reset), in MB. */
    static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** Deletes a directory and everything under it; nothing to do when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
