package io.activationhub;

import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;

/**
 * Tests talk to the admin API as the test admin (application-test.properties). The refusal tests in
 * {@code security/} use their own unauthenticated or lower-role clients.
 */
@Configuration
@Profile("test")
public class AdminCredentials {

    @Bean
    RestTemplateCustomizer testAdmin() {
        return rest -> rest.getInterceptors().add(new BasicAuthenticationInterceptor("admin", "test-admin"));
    }
}
