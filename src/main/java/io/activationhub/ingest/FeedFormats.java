package io.activationhub.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The file formats the hub reads out of the box. */
@Configuration
public class FeedFormats {

    @Bean
    PosTicketFormat posTicketFormat(io.activationhub.feed.HygieneSettings hygiene) {
        return new PosTicketFormat(hygiene.validityRanges());
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
