package io.activationhub.bench;

import static io.activationhub.bench.Bench.*;

import io.activationhub.HubApplication;
import io.activationhub.ads.AdAudienceSync;
import io.activationhub.mock.MockPartners;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ads channel benchmark (bench/README.md): starts the hub (embedded PostgreSQL and Kafka, the mock partners
 * in-process on their own HTTP server), generates an audience of {@code --members} customers with the ads consent,
 * runs the first sync to the platform mock (normalise, hash, push in batches of 10,000, record what was acknowledged),
 * then changes 1% of the members (a quarter withdraw their consent, half change email, a quarter join) and syncs
 * again: only the delta goes. Prints seconds and rates of each step.
 */
public final class AdSyncBenchmark {

    private AdSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int members = Integer.parseInt(opt.getOrDefault("members", "1000000"));
        String platform = opt.getOrDefault("platform", "meta");
        Path home = Path.of(opt.getOrDefault("home", "target/bench-ads")).toAbsolutePath();
        deleteTree(home);
        Files.createDirectories(home.resolve("audiences"));
        Files.writeString(home.resolve("audiences/bench-ads.audience.yaml"), """
                id: bench-ads
                name: Ads benchmark
                channel: email
                trigger: manual
                where:
                  - field: city
                    value: BENCHVILLE
                adPlatforms: [meta, google]
                """);

        long t0 = System.nanoTime();
        Map<String, String> settings = Map.ofEntries(
                Map.entry("hub.home", home.toString()),
                Map.entry("hub.audiences-dir", home.resolve("audiences").toString()),
                Map.entry("hub.mock-partners.enabled", "true"),
                Map.entry("hub.mock-partners.smtp-port", "0"),
                Map.entry("hub.mock-partners.http-port", "0"),
                Map.entry("server.port", "0"),
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("logging.level.root", "WARN"),
                Map.entry("hub.channels.ads.meta.base-url", "${hub.mock-partners.url}/meta"),
                Map.entry("hub.channels.ads.meta.ad-account-id", "1000000001"),
                Map.entry("hub.channels.ads.meta.access-token", "mock-meta-token"),
                Map.entry("hub.channels.ads.google.base-url", "${hub.mock-partners.url}/google"),
                Map.entry("hub.channels.ads.google.account-id", "1234567890"),
                Map.entry("hub.channels.ads.google.access-token", "mock-google-token"),
                Map.entry("hub.channels.ads.google.user-lists.bench-ads", "900001"));
        // as command-line arguments: they win over application.properties, as an operator's would
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        try {
            System.out.printf("hub started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            AdAudienceSync sync = hub.getBean(AdAudienceSync.class);
            MockPartners partners = hub.getBean(MockPartners.class);

            long t = System.nanoTime();
            addCustomers(jdbc, 1, members);
            jdbc.execute("analyze customer");
            jdbc.execute("analyze consent_event");
            System.out.printf("generated %,d customers with the ads consent in %.1f s%n", members, (System.nanoTime() - t) / 1e9);

            AdAudienceSync.Result first = sync.sync("bench-ads", platform, "bench");
            print("first sync", first);
            System.out.printf("  platform mock now holds %,d members%n", held(partners, jdbc, platform));

            int change = members / 100;
            int withdrawn = change / 4;
            int changedEmail = change / 2;
            int joined = change - withdrawn - changedEmail;
            t = System.nanoTime();
            jdbc.update("""
                    insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                    select id, 'ads', 'withdrawn', 'consent', 'bench', 'bench', now() from customer
                    where city = 'BENCHVILLE' and id in (select id from customer where city = 'BENCHVILLE' order by id limit ?)""",
                    withdrawn);
            jdbc.update("""
                    update customer set email = 'moved.' || id || '@example.net'
                    where id in (select id from customer where city = 'BENCHVILLE' order by id desc limit ?)""", changedEmail);
            addCustomers(jdbc, members + 1, members + joined);
            System.out.printf("changed 1%%: %,d withdrew, %,d changed email, %,d joined (%.1f s)%n", withdrawn, changedEmail,
                    joined, (System.nanoTime() - t) / 1e9);

            AdAudienceSync.Result delta = sync.sync("bench-ads", platform, "bench");
            print("delta sync", delta);
            System.out.printf("  platform mock now holds %,d members (expected %,d)%n", held(partners, jdbc, platform),
                    members - withdrawn + joined);
            System.out.printf("peak heap %d MB (max %d MB)%n", peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            hub.close();
        }
        System.exit(0);
    }

    private static void addCustomers(JdbcTemplate jdbc, int from, int to) {
        jdbc.update("""
                insert into customer (first_name, last_name, email, mobile, postcode, city, country)
                select (array['Marie','Jean','Hélène','Léa','Lucas','Chloé','Hugo','Inès'])[1 + g % 8],
                       (array['Martin','Bernard','Dubois','Petit','Durand','Leroy','Moreau','Lefèvre'])[1 + (g / 8) % 8] || '-' || g,
                       ' Client.' || g || '@Example.org ', '+336' || lpad(g::text, 8, '0'),
                       lpad(((g % 95) + 1)::text, 2, '0') || '000', 'BENCHVILLE', 'FR'
                from generate_series(?, ?) g""", from, to);
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                select id, 'ads', 'granted', 'consent', 'bench', 'bench', now() - interval '1 day'
                from customer where city = 'BENCHVILLE' and id > coalesce((select max(customer_id) from consent_event
                                                                            where source = 'bench'), 0)""");
    }

    private static long held(MockPartners partners, JdbcTemplate jdbc, String platform) {
        if (platform.equals("google")) {
            return partners.google().memberCount("1234567890", "900001");
        }
        String id = jdbc.queryForObject("select partner_list_id from ad_audience where audience_id = 'bench-ads' and platform = 'meta'",
                String.class);
        return partners.meta().memberCount(id);
    }

    private static void print(String step, AdAudienceSync.Result r) {
        double s = r.millis() / 1000.0;
        System.out.printf("%s (%s): %s in %.1f s: %,d members (%,d unchanged), %,d added, %,d removed, %,d rows acknowledged "
                        + "in %d batches (%d retries), %,.0f members/s, %,.0f pushed rows/s%s%n"
                        + "  of which: normalise and hash %.1f s, HTTP round trips (mock included) %.1f s, acknowledged state %.1f s%n",
                step, r.platform(), r.status(), s, r.members(), r.unchanged(), r.toAdd(), r.toRemove(), r.rowsSent(),
                r.batches(), r.retries(), r.members() / s, r.rowsSent() / s, r.error() == null ? "" : " (" + r.error() + ")",
                r.hashMillis() / 1000.0, r.pushMillis() / 1000.0, r.storeMillis() / 1000.0);
    }
}
