package io.activationhub.channel;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PooledMailSenderTest {

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    GreenMail server;
    MovableClock clock = new MovableClock();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private PooledMailSender sender(int size, int perConnection) {
        MockEnvironment env = new MockEnvironment()
                .withProperty("hub.channels.email.host", "127.0.0.1")
                .withProperty("hub.channels.email.port", String.valueOf(server.getSmtp().getPort()))
                .withProperty("hub.channels.email.pool.size", String.valueOf(size))
                .withProperty("hub.channels.email.pool.max-messages-per-connection", String.valueOf(perConnection))
                .withProperty("hub.channels.email.pool.max-idle", "PT30S");
        return new PooledMailSender(env, meters, clock);
    }

    private static MimeMessage message(PooledMailSender sender, String to) throws MessagingException {
        MimeMessage m = new MimeMessage(sender.getSession());
        m.setFrom(new InternetAddress("news@activationhub.local"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("Bienvenue");
        m.setText("Bonjour", "UTF-8");
        return m;
    }

    @Test
    void messagesGoOneAfterAnotherOnOneConnection() throws Exception {
        try (PooledMailSender sender = sender(2, 100)) {
            for (int i = 0; i < 20; i++) {
                sender.send(message(sender, "client" + i + "@example.org"));
            }
            assertThat(server.getReceivedMessages()).hasSize(20);
            assertThat(sender.connectionsOpened()).isEqualTo(1);
            assertThat(sender.messagesSent()).isEqualTo(20);
            assertThat(sender.idleConnections()).isEqualTo(1);
            assertThat(meters.counter("hub_email_connections_opened").count()).isEqualTo(1.0);
            assertThat(meters.counter("hub_email_messages_sent").count()).isEqualTo(20.0);
        }
    }

    @Test
    void aConnectionIsRenewedAfterItsQuotaOfMessages() throws Exception {
        try (PooledMailSender sender = sender(2, 5)) {
            for (int i = 0; i < 20; i++) {
                sender.send(message(sender, "client" + i + "@example.org"));
            }
            assertThat(server.getReceivedMessages()).hasSize(20);
            assertThat(sender.connectionsOpened()).isEqualTo(4);
        }
    }

    @Test
    void concurrentSendsNeverUseMoreConnectionsThanThePool() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (PooledMailSender sender = sender(2, 1000)) {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                sends.add(threads.submit(() -> {
                    sender.send(message(sender, "client" + n + "@example.org"));
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get();
            }
            assertThat(server.getReceivedMessages()).hasSize(60);
            assertThat(sender.connectionsOpened()).isBetween(1L, 2L);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aConnectionTheServerDroppedIsReplacedBeforeTheMessageGoes() throws Exception {
        try (PooledMailSender sender = sender(1, 100)) {
            sender.send(message(sender, "avant@example.org"));
            int port = server.getSmtp().getPort();
            server.stop();
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            clock.now = clock.now.plusSeconds(5);
            sender.send(message(sender, "apres@example.org"));
            assertThat(server.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString())
                    .containsExactly("apres@example.org");
            assertThat(sender.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void idleConnectionsAreClosedAndAFailedSendLeavesNoBrokenConnectionBehind() throws Exception {
        try (PooledMailSender sender = sender(1, 100)) {
            sender.send(message(sender, "un@example.org"));
            clock.now = clock.now.plus(Duration.ofSeconds(31));
            sender.evictIdle();
            assertThat(sender.idleConnections()).isZero();
            server.stop();
            assertThatThrownBy(() -> sender.send(message(sender, "deux@example.org")))
                    .isInstanceOf(MessagingException.class).isNotInstanceOf(SendFailedException.class);
            assertThat(sender.idleConnections()).isZero();
        }
    }
}
