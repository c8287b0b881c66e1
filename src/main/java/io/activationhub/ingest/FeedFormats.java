package io.activationhub.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The file formats the hub reads out of the box. */
@Configuration
public class FeedFormats {

    @Bean
    PosTicketFormat posTicketFormat(io.activationhub.feed.HygieneSettings hygiene) {
        return new PosTicketFormat(hygiene.validityRanges(java.time.Clock.system(java.time.ZoneId.of("Europe/Paris"))));
    }

    @Bean
    LoyaltyMemberFormat loyaltyMemberFormat() {
        return new LoyaltyMemberFormat();
    }

    @Bean
    PndReturnFormat pndReturnFormat() {
        return new PndReturnFormat();
    }
}
