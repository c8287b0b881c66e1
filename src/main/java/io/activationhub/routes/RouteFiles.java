package io.activationhub.routes;

import io.activationhub.infra.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Routes are files: every {@code routes/*.camel.yaml} is loaded at start and reloaded when it changes.
 * <p>
 * A changed file is first parsed in a throwaway Camel context (YAML syntax, DSL keys, an explicit id on every route,
 * ids not taken by another file). Only then are that file's routes replaced; if the new routes fail to start, the last
 * good version of the file is put back. Either way the outcome is recorded per file ({@link #files()}, shown at
 * {@code GET /api/routes}) and logged, and routes of other files are never touched.
 * <p>
 * This is done here rather than with Camel's own route reload because that one cannot refuse a broken file before
 * removing the running routes.
 */
public class RouteFiles {

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);
    public static final String PATTERN = "*.camel.yaml";

    private final CamelContext camel;
    private final Path dir;
    private final Properties placeholders;
    private final Map<Path, LoadedFile> loaded = new LinkedHashMap<>();

    /** What the hub knows of one route file. */
    public record FileStatus(String file, String status, List<String> routeIds, String error, Instant checkedAt,
                             Instant loadedAt) {
    }

    private record LoadedFile(String content, Set<String> routeIds, String lastGood, FileStatus status) {
    }

    public RouteFiles(CamelContext camel, HubProperties hub, Properties placeholders) {
        this.camel = camel;
        this.dir = Path.of(hub.routesDir()).toAbsolutePath().normalize();
        this.placeholders = placeholders;
    }

    public Path directory() {
        return dir;
    }

    /** Loads new and changed files, removes the routes of deleted files. Does nothing until Camel has started. */
    public synchronized void scan() {
        if (!camel.isStarted()) {
            // routes added to a context that has not started are not created yet: the file would be recorded as
            // owning none of them, and its next reload refused ("id already used"). Camel's start loads them.
            return;
        }
        Set<Path> present = new HashSet<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PATTERN)) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                // shared route configurations first: routes refer to them by id
                sorted.sort(java.util.Comparator.comparing((Path f) -> !definesOnlyConfigurations(f)).thenComparing(f -> f));
                for (Path file : sorted) {
                    present.add(file);
                    String content = Files.readString(file, StandardCharsets.UTF_8);
                    LoadedFile previous = loaded.get(file);
                    if (previous == null || !previous.content().equals(content)) {
                        apply(file, content, previous);
                    }
                }
            } catch (IOException e) {
                log.error("Cannot read route files in {}: {}", dir, e.toString());
            }
        }
        for (Path gone : new ArrayList<>(loaded.keySet())) {
            if (!present.contains(gone)) {
                removeRoutes(loaded.get(gone).routeIds());
                loaded.remove(gone);
                log.info("Route file {} deleted: its routes were removed", gone.getFileName());
            }
        }
    }

    private void apply(Path file, String content, LoadedFile previous) {
        String name = file.getFileName().toString();
        Set<String> running = previous == null ? Set.of() : previous.routeIds();
        Set<String> declared;
        try {
            declared = validate(name, content, running);
        } catch (Exception e) {
            refuse(file, content, previous, "refused, not loaded: " + message(e), running);
            return;
        }
        removeRoutes(running);
        try {
            Set<String> created = load(name, content);
            loaded.put(file, new LoadedFile(content, created, content,
                    new FileStatus(name, "LOADED", List.copyOf(declared), null, Instant.now(), Instant.now())));
            log.info("Route file {} {}: routes {}", name, previous == null ? "loaded" : "reloaded", declared);
        } catch (Exception e) {
            String error = "refused, routes failed to start: " + message(e);
            Set<String> restored = Set.of();
            if (previous != null && previous.lastGood() != null) {
                try {
                    restored = load(name, previous.lastGood());
                    error += " (the previous version was restored and keeps running)";
                } catch (Exception restore) {
                    error += " (the previous version could not be restored: " + message(restore) + ")";
                }
            }
            refuse(file, content, previous, error, restored);
        }
    }

    private void refuse(Path file, String content, LoadedFile previous, String error, Set<String> runningIds) {
        String name = file.getFileName().toString();
        loaded.put(file, new LoadedFile(content, runningIds, previous == null ? null : previous.lastGood(),
                new FileStatus(name, "ERROR", List.copyOf(runningIds), error, Instant.now(),
                        previous == null ? null : previous.status().loadedAt())));
        log.error("Route file {} {}", name, error);
    }

    /** Parses the file without starting anything; returns its route ids. */
    private Set<String> validate(String name, String content, Set<String> ownIds) throws Exception {
        try (DefaultCamelContext scratch = new DefaultCamelContext(false)) {
            scratch.getPropertiesComponent().setInitialProperties(placeholders);
            scratch.getPropertiesComponent().setIgnoreMissingLocation(true);
            scratch.build();
            PluginHelper.getRoutesLoader(scratch).loadRoutes(resource(name, content));
            List<RouteDefinition> defs = scratch.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
            int configurations = scratch.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteConfigurationDefinitions().size();
            if (defs.isEmpty() && configurations == 0) {
                throw new IllegalArgumentException("the file defines no route and no route configuration");
            }
            Set<String> ids = new LinkedHashSet<>();
            for (RouteDefinition def : defs) {
                if (!def.hasCustomIdAssigned()) {
                    throw new IllegalArgumentException("every route needs an explicit id (a route from '"
                            + def.getInput().getEndpointUri() + "' has none)");
                }
                if (!ids.add(def.getRouteId())) {
                    throw new IllegalArgumentException("route id '" + def.getRouteId() + "' appears twice in the file");
                }
                Route existing = camel.getRoute(def.getRouteId());
                if (existing != null && !ownIds.contains(def.getRouteId())) {
                    throw new IllegalArgumentException("route id '" + def.getRouteId() + "' is already used by another route");
                }
            }
            return ids;
        }
    }

    private static boolean definesOnlyConfigurations(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.contains("- routeConfiguration:") && !text.contains("- route:");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Loads a file's routes; returns every route that appeared, its own and those its Kamelets created, so a reload
     * removes exactly those. A load that fails leaves nothing behind.
     */
    private Set<String> load(String name, String content) throws Exception {
        Set<String> before = routeIds();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource(name, content));
        } catch (Exception e) {
            Set<String> partial = routeIds();
            partial.removeAll(before);
            removeRoutes(partial);
            throw e;
        }
        Set<String> created = routeIds();
        created.removeAll(before);
        return created;
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        camel.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private static Resource resource(String name, String content) {
        return ResourceHelper.fromString("file:" + name, content);
    }

    private void removeRoutes(Set<String> ids) {
        for (String id : ids) {
            try {
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
            } catch (Exception e) {
                log.warn("Could not remove route {}: {}", id, message(e));
            }
        }
    }

    public synchronized List<FileStatus> files() {
        Map<String, FileStatus> sorted = new TreeMap<>();
        loaded.values().forEach(f -> sorted.put(f.status().file(), f.status()));
        return List.copyOf(sorted.values());
    }

    /** Every route running in the hub, with its status. */
    public List<Map<String, Object>> routes() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        synchronized (this) {
            loaded.forEach((path, f) -> f.routeIds().forEach(id -> fileOf.put(id, path.getFileName().toString())));
        }
        for (Route route : camel.getRoutes()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", route.getRouteId());
            r.put("status", status == null ? "Unknown" : status.name());
            r.put("from", route.getEndpoint().getEndpointBaseUri());
            r.put("file", fileOf.get(route.getRouteId()));
            r.put("description", route.getDescription());
            out.add(r);
        }
        out.sort((a, b) -> a.get("id").toString().compareTo(b.get("id").toString()));
        return out;
    }

    private static String message(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        while (t != null && sb.length() < 600) {
            String m = t.getMessage();
            if (m != null && !sb.toString().contains(m)) {
                if (!sb.isEmpty()) {
                    sb.append(": ");
                }
                sb.append(m.lines().limit(4).reduce((a, b) -> a + " " + b.strip()).orElse(m));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return sb.isEmpty() ? e.getClass().getSimpleName() : sb.toString();
    }
}
