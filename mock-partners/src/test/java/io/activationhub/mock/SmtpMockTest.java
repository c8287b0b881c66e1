package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static io.activationhub.mock.MockPartnersClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The existing SMTP partner and its inspection API keep working next to the new partners. */
class SmtpMockTest {

    private static MockPartners partners;
    private static MockPartnersClient client;

    @BeforeAll
    static void start() throws Exception {
        partners = MockPartners.start("127.0.0.1", 0, 0);
        client = new MockPartnersClient(partners);
    }

    @AfterAll
    static void stop() {
        partners.close();
    }

    @Test
    void keepsAndForgetsReceivedEmails() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(partners.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("news@shop.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.org"));
        message.setSubject("Winter sale");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.setText("Hello");
        Transport.send(message);

        assertThat(partners.receivedEmails()).hasSize(1);
        assertThat(partners.receivedEmails().get(0)).containsEntry("subject", "Winter sale");
        JsonNode listed = json(client.get("/mock/smtp/received"));
        assertThat(listed).hasSize(1);
        assertThat(listed.at("/0/headers/List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(json(client.get("/mock")).at("/smtp/count").asInt()).isEqualTo(1);
        assertThat(partners.baseUrl()).isEqualTo("http://127.0.0.1:" + partners.httpPort());

        assertThat(client.delete("/mock/smtp/received").statusCode()).isEqualTo(200);
        assertThat(partners.receivedEmails()).isEmpty();

        Transport.send(message);
        partners.forgetEmails();
        assertThat(partners.receivedEmails()).isEmpty();
    }

    @Test
    void canBeToldToGoDownAndComeBackOverHttp() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(partners.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "2000");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("news@shop.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.org"));
        message.setText("Hello");

        assertThat(client.post("/mock/smtp/behaviour", "{\"down\": \"soon\"}").statusCode()).isEqualTo(400);
        assertThat(json(client.post("/mock/smtp/behaviour", "{\"down\": true}")).at("/down").asBoolean()).isTrue();
        assertThat(json(client.get("/mock/smtp/behaviour")).at("/down").asBoolean()).isTrue();
        assertThat(json(client.get("/mock")).at("/smtp/down").asBoolean()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transport.send(message))
                .isInstanceOf(jakarta.mail.MessagingException.class);
        assertThat(json(client.post("/mock/smtp/behaviour", "{\"down\": false}")).at("/down").asBoolean()).isFalse();
        Transport.send(message);
        assertThat(partners.receivedEmails()).hasSize(1);
        partners.forgetEmails();
    }
}
