package io.activationhub.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pooled sending for the email channel: the camel-mail producer ({@code smtp:...?javaMailSender=#emailSender}) hands
 * each message to this sender, which keeps SMTP connections open and sends message after message on them, instead of
 * camel-mail's default of one connection (TCP, greeting, EHLO, STARTTLS, AUTH, QUIT) per message.
 * <ul>
 *   <li>at most {@code hub.channels.email.pool.size} connections at once (the partner's limit on concurrent sessions);
 *   a send waits for a free one;</li>
 *   <li>a connection carries at most {@code max-messages-per-connection} messages (providers cap messages per session),
 *   and is closed once idle for {@code max-idle} (servers drop idle sessions: better close it ourselves);</li>
 *   <li>a connection idle for more than a second is checked first (SMTP NOOP): one the server dropped meanwhile is
 *   replaced by a new one before the message goes, so a message is never half-sent on a dead session;</li>
 *   <li>a failed send closes its connection: the next send opens a fresh one. The failure goes up to the route
 *   (circuit breaker, Kafka retry, or FAILED for a recipient refused for good).</li>
 * </ul>
 * Settings are read from the environment at each new connection (host, port, optional username, password from the
 * environment, STARTTLS, time-outs), so the mock partners started in-process can set them after this bean exists.
 */
@org.springframework.stereotype.Component("emailSender")
public class PooledMailSender implements JavaMailSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PooledMailSender.class);
    private static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);

    private static final class Pooled {
        final Transport transport;
        int sent;
        Instant lastUsed;

        Pooled(Transport transport, Instant now) {
            this.transport = transport;
            this.lastUsed = now;
        }
    }

    private final Environment env;
    private final Clock clock;
    private final int size;
    private final int maxMessagesPerConnection;
    private final Duration maxIdle;
    private final Semaphore permits;
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Counter openedCounter;
    private final Counter sentCounter;
    private volatile Session session;
    private Properties extraProperties = new Properties();
    private String host;
    private Integer port;
    private String username;
    private String password;
    private String protocol = "smtp";
    private MailAuthenticator authenticator;

    @org.springframework.beans.factory.annotation.Autowired
    public PooledMailSender(Environment env, MeterRegistry meters) {
        this(env, meters, Clock.systemUTC());
    }

    public PooledMailSender(Environment env, MeterRegistry meters, Clock clock) {
        this.env = env;
        this.clock = clock;
        this.size = env.getProperty("hub.channels.email.pool.size", Integer.class, 2);
        this.maxMessagesPerConnection = env.getProperty("hub.channels.email.pool.max-messages-per-connection",
                Integer.class, 100);
        this.maxIdle = org.springframework.boot.convert.DurationStyle.detectAndParse(
                env.getProperty("hub.channels.email.pool.max-idle", "PT30S"));
        if (size < 1 || maxMessagesPerConnection < 1) {
            throw new IllegalArgumentException("hub.channels.email.pool.size and max-messages-per-connection must be at least 1");
        }
        this.permits = new Semaphore(size, true);
        this.openedCounter = meters == null ? null : Counter.builder("hub_email_connections_opened")
                .description("SMTP connections opened by the email channel").register(meters);
        this.sentCounter = meters == null ? null : Counter.builder("hub_email_messages_sent")
                .description("Messages accepted by the SMTP server").register(meters);
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        try {
            if (!permits.tryAcquire(5, TimeUnit.MINUTES)) {
                throw new MessagingException("no SMTP connection free within 5 minutes (pool of " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for an SMTP connection", e);
        }
        Pooled connection = null;
        try {
            connection = borrow();
            if (message.getSentDate() == null) {
                message.setSentDate(java.util.Date.from(clock.instant()));
            }
            message.saveChanges();
            connection.transport.sendMessage(message, message.getAllRecipients());
            connection.sent++;
            connection.lastUsed = clock.instant();
            sent.incrementAndGet();
            if (sentCounter != null) {
                sentCounter.increment();
            }
            giveBack(connection);
            connection = null;
        } finally {
            if (connection != null) {
                close(connection);
            }
            permits.release();
        }
    }

    /** An open connection: an idle one still alive, or a new one. */
    private Pooled borrow() throws MessagingException {
        while (true) {
            Pooled candidate;
            synchronized (idle) {
                candidate = idle.pollLast();
            }
            if (candidate == null) {
                break;
            }
            Duration idleFor = Duration.between(candidate.lastUsed, clock.instant());
            if (idleFor.compareTo(maxIdle) >= 0) {
                close(candidate);
            } else if (idleFor.compareTo(CHECK_AFTER_IDLE) >= 0 && !candidate.transport.isConnected()) {
                // SMTPTransport.isConnected() sends NOOP: the server dropped this one
                close(candidate);
            } else {
                return candidate;
            }
        }
        Transport transport = session().getTransport(protocol);
        transport.connect(getHost(), getPort(), account(), password != null ? password
                : blankToNull(env.getProperty("hub.channels.email.password")));
        opened.incrementAndGet();
        if (openedCounter != null) {
            openedCounter.increment();
        }
        return new Pooled(transport, clock.instant());
    }

    private void giveBack(Pooled connection) {
        if (connection.sent >= maxMessagesPerConnection) {
            close(connection);
            return;
        }
        synchronized (idle) {
            idle.addLast(connection);
        }
    }

    private static void close(Pooled connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing an SMTP connection: {}", e.getMessage());
        }
    }

    private Session session() {
        Session s = session;
        if (s == null) {
            synchronized (this) {
                if (session == null) {
                    Properties props = new Properties();
                    props.setProperty("mail.transport.protocol", protocol);
                    props.setProperty("mail." + protocol + ".connectiontimeout",
                            env.getProperty("hub.channels.email.connect-timeout-ms", "10000"));
                    props.setProperty("mail." + protocol + ".timeout",
                            env.getProperty("hub.channels.email.read-timeout-ms", "30000"));
                    props.setProperty("mail." + protocol + ".writetimeout",
                            env.getProperty("hub.channels.email.read-timeout-ms", "30000"));
                    props.setProperty("mail." + protocol + ".auth", Boolean.toString(account() != null));
                    props.setProperty("mail." + protocol + ".starttls.enable",
                            env.getProperty("hub.channels.email.starttls", "false"));
                    props.putAll(extraProperties);
                    session = Session.getInstance(props, authenticator);
                }
                s = session;
            }
        }
        return s;
    }

    /** The SMTP account: set on this sender, else {@code hub.channels.email.username}; null for none. */
    private String account() {
        return username != null ? username : blankToNull(env.getProperty("hub.channels.email.username"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Closes the connections unused for max-idle (QUIT), so none is left open for the server to drop. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${hub.channels.email.pool.evict-interval-ms:5000}")
    public void evictIdle() {
        java.util.List<Pooled> expired = new java.util.ArrayList<>();
        Instant now = clock.instant();
        synchronized (idle) {
            idle.removeIf(c -> {
                boolean old = Duration.between(c.lastUsed, now).compareTo(maxIdle) >= 0;
                if (old) {
                    expired.add(c);
                }
                return old;
            });
        }
        expired.forEach(PooledMailSender::close);
    }

    /** Connections opened since start (each one: TCP, greeting, EHLO, maybe STARTTLS and AUTH). */
    public long connectionsOpened() {
        return opened.get();
    }

    /** Messages the server accepted since start. */
    public long messagesSent() {
        return sent.get();
    }

    /** Connections open and waiting for the next message. */
    public int idleConnections() {
        synchronized (idle) {
            return idle.size();
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            idle.forEach(PooledMailSender::close);
            idle.clear();
        }
    }

    // --- camel-mail's JavaMailSender settings (the endpoint may set them from its URI) ---

    @Override
    public Properties getJavaMailProperties() {
        return extraProperties;
    }

    @Override
    public void setJavaMailProperties(Properties properties) {
        this.extraProperties = properties == null ? new Properties() : properties;
        this.session = null;
    }

    @Override
    public void addAdditionalJavaMailProperty(String key, String value) {
        extraProperties.setProperty(key, value);
        this.session = null;
    }

    @Override
    public void setHost(String host) {
        this.host = host;
    }

    @Override
    public String getHost() {
        return host != null ? host : env.getProperty("hub.channels.email.host", "localhost");
    }

    @Override
    public void setPort(int port) {
        this.port = port;
    }

    @Override
    public int getPort() {
        return port != null ? port : env.getProperty("hub.channels.email.port", Integer.class, 25);
    }

    @Override
    public void setUsername(String username) {
        this.username = blankToNull(username);
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public void setPassword(String password) {
        this.password = blankToNull(password);
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public void setProtocol(String protocol) {
        this.protocol = protocol == null ? "smtp" : protocol;
        this.session = null;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public void setSession(Session session) {
        this.session = session;
    }

    @Override
    public Session getSession() {
        return session();
    }

    @Override
    public void setAuthenticator(MailAuthenticator authenticator) {
        this.authenticator = authenticator;
        this.session = null;
    }

    @Override
    public MailAuthenticator getAuthenticator() {
        return authenticator;
    }
}
