package io.activationhub.scoring;

import io.activationhub.infra.HubInstance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The scoring beans routes and the admin API call ({@code bean:customerScoring}). */
@Configuration
public class ScoringConfiguration {

    @Bean("customerScoring")
    CustomerScoring customerScoring(DataSource dataSource, ScoringSettings settings, HubInstance instance) {
        return new CustomerScoring(dataSource, settings, instance.id());
    }
}
