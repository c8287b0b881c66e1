package io.activationhub.returns;

import io.activationhub.ingest.MessageRejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DSNs as real MTAs write them (Postfix, Gmail, Exchange Online, RFC 6533 global DSN), read in plain Java. */
class DeliveryStatusNotificationTest {

    static byte[] sample(String name) {
        try (InputStream in = DeliveryStatusNotificationTest.class.getResourceAsStream("/dsn/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no sample " + name, e);
        }
    }

    @ParameterizedTest(name = "{0}: {1} {2} {3} {4}")
    @CsvSource(delimiter = '|', value = {
            // sample                         | recipient                    | action    | status | kind
            "postfix-hard-user-unknown.eml    | marc.dubois@example.org      | failed    | 5.1.1  | HARD",
            "gmail-soft-mailbox-full.eml      | helene.leroy@example.org     | delayed   | 4.2.2  | SOFT",
            "exchange-hard-and-delivered.eml  | paul.martin@contoso.example  | failed    | 5.7.1  | HARD",
            "global-dsn-mailbox-disabled.eml  | jose.garcia@example.jp       | failed    | 5.2.1  | HARD"})
    void theFirstRecipientOfEachSampleIsReadWithItsStatusAndKind(String sample, String recipient, String action,
                                                                  String status, DeliveryStatusNotification.Kind kind) {
        DeliveryStatusNotification dsn = DeliveryStatusNotification.parse(sample(sample));
        DeliveryStatusNotification.Recipient first = dsn.recipients().get(0);
        assertThat(first.address()).isEqualTo(recipient);
        assertThat(first.action()).isEqualTo(action);
        assertThat(first.status()).isEqualTo(status);
        assertThat(first.kind()).isEqualTo(kind);
        assertThat(dsn.toString()).doesNotContain(recipient).doesNotContain(recipient.substring(0, recipient.indexOf('@')));
    }

    @Test
    void perMessageFieldsFoldedLinesAndMaskedDiagnosticsArePostfixStyle() {
        DeliveryStatusNotification dsn = DeliveryStatusNotification.parse(sample("postfix-hard-user-unknown.eml"));
        assertThat(dsn.messageId()).isEqualTo("<20261123071402.4F1A2C0012@mx1.mailrelay.example>");
        assertThat(dsn.reportingMta()).isEqualTo("mx1.mailrelay.example");
        assertThat(dsn.arrivalDate()).isEqualTo("Mon, 23 Nov 2026 08:14:01 +0100 (CET)");
        assertThat(dsn.recipients().get(0).diagnostic()).isEqualTo(
                "550 5.1.1 <m***@example.org>: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void aRecipientThatWasDeliveredIsNotABounce() {
        DeliveryStatusNotification dsn = DeliveryStatusNotification.parse(sample("exchange-hard-and-delivered.eml"));
        assertThat(dsn.recipients()).extracting(DeliveryStatusNotification.Recipient::kind)
                .containsExactly(DeliveryStatusNotification.Kind.HARD, DeliveryStatusNotification.Kind.NONE);
        assertThat(dsn.bounces()).extracting(DeliveryStatusNotification.Recipient::address)
                .containsExactly("paul.martin@contoso.example");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "exim-plain-text-not-a-dsn.eml | not a delivery status notification (RFC 3464): content type text/plain"})
    void aMailThatIsNotADsnIsRejectedWithWhatItIs(String sample, String reason) {
        assertThatThrownBy(() -> DeliveryStatusNotification.parse(sample(sample)))
                .isInstanceOf(MessageRejected.class).hasMessage(reason);
    }

    @Test
    void reportsWithoutStatusesOrOfAnotherTypeAreRejected() {
        String noStatus = """
                Message-ID: <x@y>\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
                \r
                --b\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx\r
                \r
                Final-Recipient: rfc822; a@b.org\r
                Action: failed\r
                \r
                --b--\r
                """;
        assertThatThrownBy(() -> DeliveryStatusNotification.parse(noStatus.getBytes()))
                .hasMessage("recipient block without a Status (x.y.z)");
        String disposition = noStatus.replace("delivery-status; boundary", "disposition-notification; boundary");
        assertThatThrownBy(() -> DeliveryStatusNotification.parse(disposition.getBytes()))
                .hasMessage("a report of type 'disposition-notification', not delivery-status");
        assertThatThrownBy(() -> DeliveryStatusNotification.parse("not even headers".getBytes()))
                .isInstanceOf(MessageRejected.class);
    }

    @Test
    void blocksUnfoldContinuationLines() {
        List<java.util.Map<String, String>> blocks = DeliveryStatusNotification.blocks(
                "Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y.org\nDiagnostic-Code: smtp; 550\n  user unknown\n");
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(1)).containsEntry("diagnostic-code", "smtp; 550 user unknown");
    }
}
