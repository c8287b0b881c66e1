package io.activationhub.infra;

import io.activationhub.mock.MockPartners;
import io.activationhub.mock.TwilioSmsMock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * In the demo and in tests, the mock partners run inside the hub's process, and the channels are pointed at them
 * exactly as they would be at real partners: through the {@code hub.channels.*} settings.
 */
@Configuration
@ConditionalOnProperty(name = "hub.mock-partners.enabled", havingValue = "true")
public class MockPartnersInProcess {

    private static final Logger log = LoggerFactory.getLogger(MockPartnersInProcess.class);

    @Bean(destroyMethod = "close")
    MockPartners mockPartners(ConfigurableEnvironment env,
                              @Value("${hub.mock-partners.smtp-port:0}") int smtpPort,
                              @Value("${hub.mock-partners.http-port:0}") int httpPort) throws Exception {
        MockPartners partners = MockPartners.start("127.0.0.1", smtpPort, httpPort);
        // the SMS mock takes the hub's credentials when they are set (they sign its webhooks), else its own
        String smsToken = env.getProperty("hub.channels.sms.auth-token", "");
        String smsAccount = env.getProperty("hub.channels.sms.account-sid", "");
        partners.sms().credentials(smsAccount.isBlank() ? TwilioSmsMock.DEFAULT_ACCOUNT_SID : smsAccount,
                smsToken.isBlank() ? TwilioSmsMock.DEFAULT_AUTH_TOKEN : smsToken);
        env.getPropertySources().addFirst(new MapPropertySource("hub-mock-partners", Map.ofEntries(
                Map.entry("hub.channels.sms.base-url", partners.baseUrl() + "/twilio"),
                Map.entry("hub.channels.sms.account-sid", partners.sms().accountSid()),
                Map.entry("hub.channels.sms.auth-token", partners.sms().authToken()),
                Map.entry("hub.channels.email.host", "127.0.0.1"),
                Map.entry("hub.channels.email.port", partners.smtpPort()),
                Map.entry("hub.mock-partners.url", partners.baseUrl()),
                Map.entry("hub.returns.bounces.enabled", "true"),
                Map.entry("hub.returns.bounces.protocol", "imap"),
                Map.entry("hub.returns.bounces.host", "127.0.0.1"),
                Map.entry("hub.returns.bounces.port", partners.imapPort()),
                Map.entry("hub.returns.bounces.username", MockPartners.BOUNCE_MAILBOX),
                Map.entry("hub.returns.bounces.password", MockPartners.BOUNCE_MAILBOX_PASSWORD))));
        log.info("Mock partners in-process: SMTP on 127.0.0.1:{}, bounce mailbox over IMAP on 127.0.0.1:{}, received mail at {}/mock/smtp/received",
                partners.smtpPort(), partners.imapPort(), partners.baseUrl());
        return partners;
    }
}
