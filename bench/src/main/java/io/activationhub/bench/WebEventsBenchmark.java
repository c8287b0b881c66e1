package io.activationhub.bench;

import static io.activationhub.bench.Bench.*;

import io.activationhub.HubApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Web events benchmark (issue 9, bench/README.md "Web events"): starts the hub as it runs in production (Spring, the
 * project's routes, embedded PostgreSQL and Kafka under {@code target/bench-web-events}, emptied first), seeds
 * {@code --customers} customers with a card and an email identity, then a producer thread publishes realistic web
 * events to {@code hub.web.events} at a fixed {@code --rate} for {@code --seconds}, after a warm-up that is not
 * measured.
 * <p>
 * Latency of an event: from the time it was due to be produced (its scheduled send time, also its Kafka record
 * timestamp and its {@code ts}; a producer that falls behind does not hide the delay) to {@code web_event.stored_at},
 * the database clock when its row, with its customer resolution, was written (in the transaction that commits it).
 * As a cross-check, a probe thread takes the newest produced event every 200 ms and polls (every 10 ms) until it is
 * visible to another connection, i.e. committed. Events not stored when the drain ends count with the time they had
 * waited by then (a lower bound): if the hub falls behind, the percentiles show it. Also printed: the consumer lag
 * every 5 s, a PostgreSQL commit probe (a one-row insert and commit every 200 ms: is the disk slow right now?) and the
 * peak heap. {@code --hub.*}, {@code --spring.*} and {@code --logging.*} options go to the hub;
 * {@code --explain-slow-ms=N} turns auto_explain on for statements slower than N ms.
 */
public final class WebEventsBenchmark {

    static final String TOPIC = "hub.web.events";
    static final String GROUP = "hub-web-events";
    private static final String[] CATEGORIES = {"robes", "chaussures", "sacs", "lingerie", "maison", "beaute", "enfant",
            "homme"};

    private WebEventsBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the hub's non-daemon threads would keep the JVM alive
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int rate = Integer.parseInt(opt.getOrDefault("rate", "2000"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "60"));
        int customers = Integer.parseInt(opt.getOrDefault("customers", "100000"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
        int drain = Integer.parseInt(opt.getOrDefault("drain", "60"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
        Path home = Path.of(opt.getOrDefault("home", "target/bench-web-events")).toAbsolutePath();
        deleteTree(home);
        Files.createDirectories(home.resolve("audiences"));

        long t0 = System.nanoTime();
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "hub.home", home.toString(),
                "hub.audiences-dir", home.resolve("audiences").toString(),
                "server.port", "0",
                "spring.main.banner-mode", "off",
                "logging.level.root", "WARN"));
        // --hub.*, --spring.* and --logging.* options go to the hub, e.g. --hub.web-events.batch-size=1000
        opt.forEach((k, v) -> {
            if (k.startsWith("hub.") || k.startsWith("spring.") || k.startsWith("logging.")) {
                settings.put(k, v);
            }
        });
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        try {
            String brokers = hub.getEnvironment().getProperty("hub.kafka.brokers");
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            out("hub started in %.1f s (embedded PostgreSQL %s, Kafka %s; %d cores, max heap %,d MB)", secs(t0),
                    jdbc.queryForObject("show server_version", String.class), brokers,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

            long s0 = System.nanoTime();
            jdbc.update("insert into customer (first_name, email) select 'Bench', 'client.' || g || '@example.org' "
                    + "from generate_series(1, ?) g", customers);
            jdbc.update("""
                    insert into customer_identity (source, source_key, customer_id, link_rule)
                    select 'card', 'C' || lpad(id::text, 8, '0'), id, 'bench' from customer where first_name = 'Bench'""");
            jdbc.update("""
                    insert into customer_identity (source, source_key, customer_id, link_rule)
                    select 'email', email, id, 'bench' from customer where first_name = 'Bench'""");
            jdbc.execute("analyze customer");
            jdbc.execute("analyze customer_identity");
            long firstCustomer = jdbc.queryForObject("select min(id) from customer where first_name = 'Bench'", Long.class);
            out("seeded %,d customers with a card and an email identity in %.1f s", customers, secs(s0));

            if (opt.containsKey("explain-slow-ms")) {
                // plans of the statements slower than this, in the hub's log (with --logging.level.io.zonky=INFO)
                int slowMs = Integer.parseInt(opt.get("explain-slow-ms"));
                jdbc.execute((java.sql.Connection c) -> {
                    try (var st = c.createStatement()) {
                        st.execute("load 'auto_explain'");
                        st.execute("alter system set session_preload_libraries = 'auto_explain'");
                        st.execute("alter system set auto_explain.log_min_duration = '" + slowMs + "ms'");
                        st.execute("select pg_reload_conf()");
                    }
                    return null;
                });
                hub.getBean(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
                out("auto_explain: plans of statements over %s ms go to the log", opt.get("explain-slow-ms"));
            }
            Events events = new Events(new SplittableRandom(seed), firstCustomer, customers);
            try (KafkaProducer<String, String> producer = producer(brokers);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
                if (warmup > 0) {
                    int n = rate * warmup;
                    Run w = produce(producer, events, "bw-warm-", rate, new long[n], null);
                    if (!waitStored(jdbc, "bw-warm-%", n, 120)) {
                        out("warm-up: the hub did not store the %,d warm-up events within 120 s; measuring anyway", n);
                    } else {
                        out("warm-up: %,d events at %,d/s stored (%.1f s after the last was produced)", n, rate,
                                (System.currentTimeMillis() - w.endMillis) / 1000.0);
                    }
                }
                resetPeak();
                int n = rate * seconds;
                long[] due = new long[n];
                AtomicInteger newest = new AtomicInteger(-1);
                Probe probe = new Probe(jdbc, newest, due);
                Thread probeThread = new Thread(probe, "bench-probe");
                probeThread.setDaemon(true);
                LagSampler lag = new LagSampler(admin);
                Thread lagThread = new Thread(lag, "bench-lag");
                lagThread.setDaemon(true);
                jdbc.execute("create table if not exists bench_commit_probe (id bigserial primary key, at timestamptz default now())");
                CommitProbe commits = new CommitProbe(jdbc);
                Thread commitThread = new Thread(commits, "bench-commit-probe");
                commitThread.setDaemon(true);
                probeThread.start();
                lagThread.start();
                commitThread.start();
                Run run = produce(producer, events, "bw-", rate, due, newest);
                probe.stop = true;
                lag.stop = true;
                commits.stop = true;
                long lagAtEnd = lag(admin);
                long storedAtEnd = jdbc.queryForObject("select count(*) from web_event where event_id like 'bw-%' "
                        + "and event_id not like 'bw-warm-%'", Long.class);
                out("produced %,d events in %.1f s (%,.0f events/s; producer fell behind its schedule by at most %d ms)",
                        n, (run.endMillis - run.startMillis) / 1000.0, n / ((run.endMillis - run.startMillis) / 1000.0),
                        run.maxBehindMillis);
                out("  %,d carry a card, %,d an email (%.1f%% identified), %,d anonymous; %,d cookies, %,d of them later seen "
                                + "with an email; types %s",
                        events.withCard, events.withEmail, 100.0 * (events.withCard + events.withEmail) / events.total,
                        events.total - events.withCard - events.withEmail, events.cookies, events.loggedIn, events.types);
                out("end of production: %,d stored, consumer lag %,d records", storedAtEnd, lagAtEnd);

                long d0 = System.currentTimeMillis();
                boolean drained = waitStored(jdbc, "bw-%", n + (warmup > 0 ? rate * warmup : 0), drain);
                long drainEnd = System.currentTimeMillis();
                long lagAfter = lag(admin);
                out("%s %.1f s after the end of production; consumer lag %,d", drained ? "all stored" : "drain timed out",
                        (drainEnd - d0) / 1000.0, lagAfter);
                report(jdbc, run, n, seconds, drainEnd, probe, lag);
                commits.report();
            }
            out("peak heap %,d MB (max %,d MB)", peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            hub.close();
        }
    }

    /** What the producer did. */
    record Run(long[] dueMicros, long startMillis, long endMillis, long maxBehindMillis) {
    }

    /** Publishes {@code due.length} events at {@code rate} per second, each stamped with the time it was due. */
    private static Run produce(KafkaProducer<String, String> producer, Events events, String prefix, int rate, long[] due,
                              AtomicInteger newest) {
        int n = due.length;
        long startNanos = System.nanoTime();
        Instant start = Instant.now();
        long startMicros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1000;
        long maxBehind = 0;
        int i = 0;
        while (i < n) {
            long elapsed = System.nanoTime() - startNanos;
            long dueNow = Math.min(n, elapsed * rate / 1_000_000_000L + 1);
            if (i >= dueNow) {
                LockSupport.parkNanos(Math.max(50_000, (i * 1_000_000_000L / rate) - elapsed));
                continue;
            }
            maxBehind = Math.max(maxBehind, (elapsed - i * 1_000_000_000L / rate) / 1_000_000);
            for (; i < dueNow; i++) {
                long micros = startMicros + i * 1_000_000L / rate;
                due[i] = micros;
                Events.Event e = events.next(prefix + i, micros);
                producer.send(new ProducerRecord<>(TOPIC, null, micros / 1000, e.key(), e.json()));
                if (newest != null) {
                    newest.set(i);
                }
            }
        }
        producer.flush();
        return new Run(due, startMicros / 1000, System.currentTimeMillis(), maxBehind);
    }

    private static void report(JdbcTemplate jdbc, Run run, int n, int seconds, long drainEndMillis, Probe probe,
                               LagSampler lag) {
        long[] storedMicros = new long[n];
        Arrays.fill(storedMicros, -1);
        jdbc.query("""
                select substr(event_id, 4)::int, (extract(epoch from stored_at) * 1000000)::bigint
                from web_event where event_id like 'bw-%' and event_id not like 'bw-warm-%'""",
                rs -> {
                    storedMicros[rs.getInt(1)] = rs.getLong(2);
                });
        double[] latencyMs = new double[n];
        int stored = 0;
        int storedInWindow = 0;
        long windowEndMicros = run.startMillis * 1000 + seconds * 1_000_000L;
        for (int i = 0; i < n; i++) {
            if (storedMicros[i] >= 0) {
                stored++;
                latencyMs[i] = (storedMicros[i] - run.dueMicros[i]) / 1000.0;
                if (storedMicros[i] <= windowEndMicros) {
                    storedInWindow++;
                }
            } else {
                latencyMs[i] = (drainEndMillis * 1000 - run.dueMicros[i]) / 1000.0; // waited at least this long
            }
        }
        double[] sorted = latencyMs.clone();
        Arrays.sort(sorted);
        String lowerBound = stored < n ? " (at least: " + (n - stored) + " events never stored)" : "";
        out("events produced %,d, stored %,d", n, stored);
        out("sustained rate: %,.0f events/s stored during the %d s of production (target rate %,.0f/s)",
                storedInWindow / (double) seconds, seconds, n / (double) seconds);
        out("latency produced -> stored (web_event.stored_at): p50 %s  p95 %s  p99 %s  max %s%s",
                ms(pct(sorted, 50)), ms(pct(sorted, 95)), ms(pct(sorted, 99)), ms(sorted[n - 1]), lowerBound);
        double[] probes = probe.latencies();
        if (probes.length > 0) {
            Arrays.sort(probes);
            out("latency produced -> committed and visible (probe, %d samples, 10 ms polling): p50 %s  p99 %s  max %s",
                    probes.length, ms(pct(probes, 50)), ms(pct(probes, 99)), ms(probes[probes.length - 1]));
        }
        List<Long> every5s;
        synchronized (lag.samples) {
            every5s = java.util.stream.IntStream.range(0, lag.samples.size()).filter(i -> i % 5 == 4)
                    .mapToObj(lag.samples::get).toList();
        }
        out("consumer lag during production: max %,d records; every 5 s: %s", lag.max, every5s);
        Map<String, Object> resolved = jdbc.queryForMap("""
                select count(*) filter (where resolved_by = 'card') as card, count(*) filter (where resolved_by = 'email') as email,
                       count(*) filter (where resolved_by = 'cookie') as cookie, count(*) filter (where customer_id is null) as anonymous
                from web_event where event_id like 'bw-%'""");
        out("resolution of the stored events: %s; cookies linked to customers: %,d", resolved,
                jdbc.queryForObject("select count(*) from customer_identity where source = 'cookie'", Long.class));
        Map<String, Object> counts = jdbc.queryForMap("""
                select sum(read_count) as read, sum(accepted_count) as accepted, sum(rejected_count) as rejected,
                       sum(duplicate_count) as duplicate from feed_run where feed_id = 'web-events'""");
        out("feed web-events: %s", counts);
    }

    private static boolean waitStored(JdbcTemplate jdbc, String like, long expected, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            Long n = jdbc.queryForObject("select count(*) from web_event where event_id like ?", Long.class, like);
            if (n != null && n >= expected) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static KafkaProducer<String, String> producer(String brokers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }

    /** Records not yet committed by the hub's consumer group, summed over the topic's partitions. */
    static long lag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the consumer lag of " + GROUP, e);
        }
    }

    /** Samples the consumer lag every second while the producer runs. */
    static final class LagSampler implements Runnable {
        private final Admin admin;
        private final List<Long> samples = new ArrayList<>();
        volatile boolean stop;
        volatile long max;

        LagSampler(Admin admin) {
            this.admin = admin;
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    long lag = lag(admin);
                    max = Math.max(max, lag);
                    synchronized (samples) {
                        samples.add(lag);
                    }
                    Thread.sleep(1000);
                } catch (Exception e) {
                    return;
                }
            }
        }
    }

    /**
     * Times a one-row insert and commit in PostgreSQL every 200 ms during production: what a commit (a WAL flush) costs
     * on this machine at that moment, apart from the hub's own work. A hub that falls behind while these are slow is
     * waiting for the disk.
     */
    static final class CommitProbe implements Runnable {
        private final JdbcTemplate jdbc;
        private final List<double[]> samples = new ArrayList<>();
        volatile boolean stop;

        CommitProbe(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            while (!stop) {
                try {
                    long t = System.nanoTime();
                    jdbc.update("insert into bench_commit_probe default values");
                    double ms = (System.nanoTime() - t) / 1e6;
                    synchronized (samples) {
                        samples.add(new double[]{(t - start) / 1e9, ms});
                    }
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        }

        void report() {
            double[] ms;
            List<String> slow = new ArrayList<>();
            synchronized (samples) {
                ms = samples.stream().mapToDouble(x -> x[1]).sorted().toArray();
                samples.stream().filter(x -> x[1] >= 100).limit(12)
                        .forEach(x -> slow.add(String.format(Locale.ROOT, "%.0f s: %.0f ms", x[0], x[1])));
            }
            if (ms.length > 0) {
                out("PostgreSQL commit probe (1-row insert + commit every 200 ms, %d samples): p50 %s  p99 %s  max %s; "
                                + "%d took 100 ms or more%s", ms.length, ms(pct(ms, 50)), ms(pct(ms, 99)), ms(ms[ms.length - 1]),
                        Arrays.stream(ms).filter(x -> x >= 100).count(), slow.isEmpty() ? "" : " " + slow);
            }
        }
    }

    /** Every 200 ms, the newest produced event is polled for until another connection sees it committed. */
    static final class Probe implements Runnable {
        private final JdbcTemplate jdbc;
        private final AtomicInteger newest;
        private final long[] due;
        private final List<Double> latencies = new ArrayList<>();
        volatile boolean stop;

        Probe(JdbcTemplate jdbc, AtomicInteger newest, long[] due) {
            this.jdbc = jdbc;
            this.newest = newest;
            this.due = due;
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    Thread.sleep(200);
                    int i = newest.get();
                    if (i < 0) {
                        continue;
                    }
                    String id = "bw-" + i;
                    long dueMicros = due[i];
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (System.currentTimeMillis() < deadline) {
                        Long n = jdbc.queryForObject("select count(*) from web_event where event_id = ?", Long.class, id);
                        if (n != null && n > 0) {
                            Instant now = Instant.now();
                            double ms = (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 - dueMicros) / 1000.0;
                            synchronized (latencies) {
                                latencies.add(ms);
                            }
                            break;
                        }
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    return;
                }
            }
        }

        double[] latencies() {
            synchronized (latencies) {
                return latencies.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
    }

    /**
     * Realistic traffic: visitors (cookies) in sessions of about eight events; 18% of visitors are logged in with
     * their loyalty card, 18% with their email (one in ten of those emails is not a customer's), 10% browse
     * anonymously then log in with their email (their cookie is then linked and its earlier events resolved), the
     * rest stay anonymous. The Kafka key is the cookie, so one visitor's events keep their order.
     */
    static final class Events {
        private final SplittableRandom rnd;
        private final long firstCustomer;
        private final int customers;
        private final Visitor[] pool = new Visitor[5_000];
        private long nextCookie;
        long total;
        long withCard;
        long withEmail;
        long cookies;
        long loggedIn;
        final Map<String, Long> types = new HashMap<>();

        /** One visitor: a cookie, maybe a card or an email, maybe logging in after a few events. */
        static final class Visitor {
            String cookie;
            String card;
            String email;
            int anonymousEvents;
        }

        record Event(String key, String json) {
        }

        Events(SplittableRandom rnd, long firstCustomer, int customers) {
            this.rnd = rnd;
            this.firstCustomer = firstCustomer;
            this.customers = customers;
            for (int i = 0; i < pool.length; i++) {
                pool[i] = visitor();
            }
        }

        private Visitor visitor() {
            Visitor v = new Visitor();
            v.cookie = "ck-" + Long.toString(++nextCookie, 36) + "-" + Integer.toString(rnd.nextInt(1 << 30), 36);
            cookies++;
            double r = rnd.nextDouble();
            int c = rnd.nextInt(customers);
            if (r < 0.18) {
                v.card = String.format(Locale.ROOT, "C%08d", firstCustomer + c);
            } else if (r < 0.36) {
                v.email = rnd.nextInt(10) == 0 ? "new.visitor." + nextCookie + "@example.net" : email(c);
            } else if (r < 0.46) {
                v.anonymousEvents = 1 + rnd.nextInt(5);
                v.email = email(c);
            }
            return v;
        }

        private String email(int c) {
            // customers were seeded with client.<generate_series value>@example.org, 1-based
            return "Client." + (c + 1) + "@Example.org";
        }

        Event next(String eventId, long dueMicros) {
            int slot = rnd.nextInt(pool.length);
            Visitor v = pool[slot];
            String type;
            int t = rnd.nextInt(100);
            if (t < 45) {
                type = "page_view";
            } else if (t < 80) {
                type = "product_view";
            } else if (t < 94) {
                type = "add_to_cart";
            } else {
                type = "purchase";
            }
            types.merge(type, 1L, Long::sum);
            StringBuilder json = new StringBuilder(240);
            json.append("{\"event_id\":\"").append(eventId).append("\",\"type\":\"").append(type).append("\",\"ts\":\"")
                    .append(Instant.ofEpochSecond(dueMicros / 1_000_000, (dueMicros % 1_000_000) * 1000))
                    .append("\",\"cookie_id\":\"").append(v.cookie).append('"');
            total++;
            if (v.card != null) {
                json.append(",\"customer_key\":\"").append(v.card).append('"');
                withCard++;
            } else if (v.email != null && v.anonymousEvents == 0) {
                json.append(",\"email\":\"").append(v.email).append('"');
                withEmail++;
            } else if (v.anonymousEvents > 0) {
                v.anonymousEvents--;
                if (v.anonymousEvents == 0) {
                    loggedIn++;
                }
            }
            if (!type.equals("page_view")) {
                json.append(",\"sku\":\"SKU").append(rnd.nextInt(20_000)).append("\",\"category\":\"")
                        .append(CATEGORIES[rnd.nextInt(CATEGORIES.length)]).append("\",\"price\":")
                        .append(5 + rnd.nextInt(195)).append('.').append(rnd.nextInt(10)).append('0');
            }
            json.append('}');
            if (rnd.nextInt(8) == 0) {
                pool[slot] = visitor(); // the session ends
            }
            return new Event(v.cookie, json.toString());
        }
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String ms(double ms) {
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static void resetPeak() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }
}
