package io.activationhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Fresh hub homes and copies of the project's routes and audiences, so tests never touch the real ones. */
public final class HubTestFiles {

    private HubTestFiles() {
    }

    private static final java.util.Set<String> WIPED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Empties {@code target/test-hubs/name} and copies routes/ and audiences/ into it; returns it. A home is wiped once per
     * test JVM only: test classes with the same configuration share one cached Spring context, and wiping the home again
     * would delete the data directories of that context's running PostgreSQL and Kafka (Kafka then halts the JVM).
     */
    public static Path freshHome(String name) {
        Path home = Path.of("target/test-hubs", name).toAbsolutePath();
        if (!WIPED.add(name)) {
            return home;
        }
        deleteTree(home);
        copyDir(Path.of("routes"), home.resolve("routes"), ".camel.yaml");
        copyDir(Path.of("audiences"), home.resolve("audiences"), ".audience.yaml");
        return home;
    }

    public static void copyDir(Path from, Path to, String suffix) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file next to its destination then moves it in atomically, as a partner's transfer would. */
    public static Path drop(Path inbox, String name, String content) {
        try {
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve("." + name + ".part");
            Files.writeString(tmp, content);
            return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resource(String path) {
        try (var in = HubTestFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
