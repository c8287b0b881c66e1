package io.activationhub.scale;

import io.activationhub.HubApplication;
import io.activationhub.infra.EmbeddedKafkaBroker;
import io.activationhub.infra.EmbeddedPostgresServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A hub instance (test profile) on a PostgreSQL and a Kafka started apart, as in production: nothing embedded. */
final class ExternalInfrastructureHub {

    private ExternalInfrastructureHub() {
    }

    static ConfigurableApplicationContext start(Path home, String instance, EmbeddedPostgresServer postgres,
                                                EmbeddedKafkaBroker kafka, String... more) {
        return new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run(arguments(home, instance, postgres, kafka, more).toArray(String[]::new));
    }

    /** The command-line arguments of such an instance (also for one started in a JVM of its own). */
    static List<String> arguments(Path home, String instance, EmbeddedPostgresServer postgres,
                                  EmbeddedKafkaBroker kafka, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--hub.home=" + home, "--hub.routes-dir=" + home.resolve("routes"),
                "--hub.audiences-dir=" + home.resolve("audiences"), "--hub.instance-id=" + instance,
                "--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--hub.kafka.brokers=" + kafka.bootstrapServers()));
        args.addAll(List.of(more));
        return args;
    }
}
