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

    /**
     * CPU seconds used so far by every PostgreSQL process of this machine (the server's backends, WAL writer,
     * checkpointer...), read from /proc; NaN where there is no /proc. Differences between two readings show how much
     * of a step's time PostgreSQL spent working, on a machine where nothing else runs a PostgreSQL.
     */
    static double postgresCpuSeconds() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Double.NaN;
        }
        long ticks = 0;
        try (Stream<Path> pids = Files.list(proc)) {
            for (Path pid : (Iterable<Path>) pids::iterator) {
                if (!pid.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(pid.resolve("stat"));
                } catch (IOException | RuntimeException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !stat.substring(open + 1, close).equals("postgres")) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / 100.0; // USER_HZ
    }

    /** CPU seconds used so far by this JVM (all its threads). */
    static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
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

    /**
     * The most heap in use at once, sampled every 10 ms on a daemon thread until {@link #close()}, in MB. Unlike
     * {@link #peakHeapMb()}, whose pools peak at different moments, it never exceeds the heap.
     */
    static final class HeapSampler implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        HeapSampler() {
            java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread = new Thread(() -> {
                while (running) {
                    max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** The most heap seen in use so far, in MB. */
        long maxMb() {
            return max.get() >> 20;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
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
