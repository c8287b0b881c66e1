package io.activationhub.infra;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With external PostgreSQL and Kafka configured, nothing embedded starts and the given addresses are used. */
class EmbeddedInfrastructureTest {

    @Test
    void externalUrlsSwitchTheEmbeddedServersOff() throws Exception {
        Path home = Files.createTempDirectory("hub-external");
        MockEnvironment env = new MockEnvironment()
                .withProperty("hub.home", home.toString())
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.example:5432/hub")
                .withProperty("hub.kafka.brokers", "kafka1:9092,kafka2:9092");
        new EmbeddedInfrastructure(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:5432/hub");
        assertThat(env.getProperty("camel.component.kafka.brokers")).isEqualTo("kafka1:9092,kafka2:9092");
        assertThat(env.getProperty("hub.home")).isEqualTo(home.toAbsolutePath().normalize().toString());
        assertThat(home.resolve("data/postgres")).doesNotExist();
        assertThat(home.resolve("data/kafka")).doesNotExist();
    }

    @Test
    void theCamelOrSpringKafkaSettingCountsAsAnExternalBroker() throws Exception {
        Path home = Files.createTempDirectory("hub-external");
        MockEnvironment env = new MockEnvironment()
                .withProperty("hub.home", home.toString())
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.example:5432/hub")
                .withProperty("spring.kafka.bootstrap-servers", "broker:9092");
        new EmbeddedInfrastructure(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("hub.kafka.brokers")).isEqualTo("broker:9092");
        assertThat(home.resolve("data/kafka")).doesNotExist();
    }
}
