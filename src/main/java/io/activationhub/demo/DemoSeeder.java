package io.activationhub.demo;

import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo profile: at the first start, drops the sample loyalty file and POS export into the inbox, so the whole flow
 * runs by itself. Enrolment dates are shifted so the newest is yesterday: "new members" stay new whenever the demo runs.
 * A feed that already has runs is not seeded again.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.seed", havingValue = "true")
public class DemoSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    private final HubProperties hub;
    private final FeedRunLedger ledger;
    private final org.springframework.core.env.Environment env;

    private final io.activationhub.audience.AudienceCatalog audiences;

    public DemoSeeder(HubProperties hub, FeedRunLedger ledger, org.springframework.core.env.Environment env,
                      io.activationhub.audience.AudienceCatalog audiences) {
        this.audiences = audiences;
        this.hub = hub;
        this.ledger = ledger;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void seed() throws IOException {
        // the demo's audiences live under hub.home (demo profile: hub.audiences-dir=${hub.home}/audiences), never in
        // the project's audiences/ folder: the team's audiences are copied there, then the demo's multichannel ones
        // (a scheduled one, a real-time one); a file already there is left as it is
        Path dir = Path.of(hub.audiencesDir());
        Files.createDirectories(dir);
        Path project = Path.of(env.getProperty("hub.demo.project-audiences-dir", "audiences"));
        if (Files.isDirectory(project) && !Files.isSameFile(project, dir)) {
            try (var files = Files.list(project)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".audience.yaml")).toList()) {
                    Path target = dir.resolve(file.getFileName());
                    if (!Files.exists(target)) {
                        Files.copy(file, target);
                    }
                }
            }
        }
        for (String audience : List.of("demo-weekly-offer", "demo-new-member-pack")) {
            Path target = dir.resolve(audience + ".audience.yaml");
            if (!Files.exists(target)) {
                Files.writeString(target, String.join("\n", read("demo/audiences/" + audience + ".audience.yaml")) + "\n");
                log.info("Demo: audience {} added to {}", audience, dir);
            }
        }
        audiences.rescan();
        if (ledger.runs("loyalty", 1).isEmpty()) {
            List<String> lines = read("demo/loyalty-members-sample.csv");
            drop("loyalty", "loyalty-members-sample.csv", shiftEnrolment(lines));
        }
        if (ledger.runs("pos", 1).isEmpty()) {
            drop("pos", "pos-tickets-sample.csv", read("demo/pos-tickets-sample.csv"));
        }
 log.info("Demo account: user 'admin', password 'admin' (the demo profile only; elsewhere accounts come from "
                + "HUB_SECURITY_USERS_*)");
        String hubUrl = "http://localhost:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        log.info("Demo: watch the flow at {}/api/status, feeds at {}/api/feeds, mail received by the mock SMTP server "
                + "at {}/mock/smtp/received", hubUrl, hubUrl, env.getProperty("hub.mock-partners.url", "(mock partners off)"));
    }

    private static List<String> read(String resource) throws IOException {
        return new String(new ClassPathResource(resource).getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().toList();
    }

    static List<String> shiftEnrolment(List<String> lines) {
        LocalDate newest = null;
        for (String line : lines.subList(1, lines.size())) {
            LocalDate d = enrolment(line);
            if (d != null && (newest == null || d.isAfter(newest))) {
                newest = d;
            }
        }
        if (newest == null) {
            return lines;
        }
        long shift = ChronoUnit.DAYS.between(newest, LocalDate.now().minusDays(1));
        List<String> out = new ArrayList<>(lines.size());
        out.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            LocalDate d = enrolment(line);
            if (d == null) {
                out.add(line);
            } else {
                String[] f = line.split(";", -1);
                f[2] = d.plusDays(shift).toString();
                out.add(String.join(";", f));
            }
        }
        return out;
    }

    private static LocalDate enrolment(String line) {
        String[] f = line.split(";", -1);
        try {
            return f.length > 2 && f[2].length() == 10 ? LocalDate.parse(f[2]) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void drop(String feed, String name, List<String> lines) throws IOException {
        Path inbox = hub.inbox(feed);
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".part");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        log.info("Demo: dropped {} into {}", name, inbox);
    }
}
