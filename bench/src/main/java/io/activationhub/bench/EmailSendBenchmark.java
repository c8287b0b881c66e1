package io.activationhub.bench;

import static io.activationhub.bench.Bench.*;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.activationhub.channel.PooledMailSender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.springframework.mock.env.MockEnvironment;

import java.util.Map;
import java.util.Properties;

/**
 * Email channel benchmark (bench/README.md "Email"): N messages to a local SMTP server (GreenMail) through camel-mail's
 * default sender (one connection per message) and through the hub's {@link PooledMailSender}, one after another on
 * one thread as the channel's consumer sends them. Prints messages/s of each and the ratio.
 *
 * <pre>bench/email.sh [--messages=2000] [--rounds=3]</pre>
 */
public final class EmailSendBenchmark {

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> opt = options(args);
        int messages = Integer.parseInt(opt.getOrDefault("messages", "2000"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        int port = server.getSmtp().getPort();
        try {
            DefaultJavaMailSender perMessage = new DefaultJavaMailSender();
            perMessage.setHost("127.0.0.1");
            perMessage.setPort(port);
            perMessage.setProtocol("smtp");
            Properties props = new Properties();
            props.setProperty("mail.smtp.connectiontimeout", "10000");
            props.setProperty("mail.smtp.timeout", "30000");
            // the EHLO name given, so neither sender looks the local host name up (a DNS query per connection)
            props.setProperty("mail.smtp.localhost", "hub.example.org");
            perMessage.setSession(jakarta.mail.Session.getInstance(props));
            PooledMailSender pooled = new PooledMailSender(new MockEnvironment()
                    .withProperty("hub.channels.email.host", "127.0.0.1")
                    .withProperty("hub.channels.email.port", String.valueOf(port)), null);
            pooled.addAdditionalJavaMailProperty("mail.smtp.localhost", "hub.example.org");
            // warm-up (JIT, class loading) with both
            run(perMessage, 200);
            run(pooled, 200);
            server.purgeEmailFromAllMailboxes();
            System.out.printf("%d messages a round, %d rounds, one sending thread%n", messages, rounds);
            for (int r = 1; r <= rounds; r++) {
                double a = run(perMessage, messages);
                server.purgeEmailFromAllMailboxes();
                long before = pooled.connectionsOpened();
                double b = run(pooled, messages);
                long opened = pooled.connectionsOpened() - before;
                server.purgeEmailFromAllMailboxes();
                System.out.printf("round %d: one connection per message %8.0f msg/s | pooled %8.0f msg/s (%d connections)"
                        + " | pooled / per-message %.2fx%n", r, a, b, opened, b / a);
            }
            pooled.close();
        } finally {
            server.stop();
        }
    }

    private static double run(JavaMailSender sender, int n) throws MessagingException {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            MimeMessage m = new MimeMessage(sender.getSession());
            m.setFrom(new InternetAddress("news@activationhub.local"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("client" + i + "@example.org"));
            m.setSubject("Votre offre de la semaine");
            m.setText("Bonjour,\n\nVotre offre vous attend en magasin.\n\nPour ne plus recevoir nos messages : "
                    + "http://localhost:8080/u/" + i, "UTF-8");
            sender.send(m);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
