package io.activationhub.audience;

import io.activationhub.pressure.ContactCap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelPlannerTest {

    private static final ContactCap CAP = new ContactCap(3, Duration.ofDays(7));
    private static final Set<String> WIRED = Set.of("email", "sms", "postal");
    private static final List<String> PLAN = List.of("sms", "email", "postal");

    private static ChannelPlanner.Member member(long id, Set<String> granted, String preferred, int recent,
                                                Map<String, Boolean> suppressed, String household) {
        return new ChannelPlanner.Member(id, granted, Map.of("email", true, "sms", true, "postal", household != null),
                suppressed, preferred, recent, null, household);
    }

    @Test
    void firstConsentedReachableChannelOfThePlanWinsAndEveryExclusionHasItsReason() {
        List<ChannelPlanner.Member> members = List.of(
                member(1, Set.of("sms", "email"), null, 0, Map.of(), "h1"),            // sms, preferred of the plan
                member(2, Set.of("email"), null, 0, Map.of(), "h2"),                   // falls back to email
                member(3, Set.of("email", "postal"), "postal", 0, Map.of(), "h3"),     // own preference first
                member(4, Set.of(), null, 0, Map.of(), "h4"),                          // no consent at all
                member(5, Set.of("sms"), null, 0, Map.of("sms", true), "h5"),          // STOP: suppressed
                member(6, Set.of("email"), null, 3, Map.of(), "h6"),                   // had 3 contacts this week
                member(7, Set.of("postal"), null, 0, Map.of(), "h3"),                  // same household as 3
                member(8, Set.of("postal", "email"), "postal", 0, Map.of(), "h3"),     // same household: email instead
                member(9, Set.of("ads"), null, 0, Map.of(), null));                    // ads not wired here
        List<ChannelPlanner.Decision> d = ChannelPlanner.decide(PLAN, true, WIRED, CAP, members);
        assertThat(d).extracting(ChannelPlanner.Decision::channel)
                .containsExactly("sms", "email", "postal", null, null, null, null, "email", null);
        assertThat(d).extracting(ChannelPlanner.Decision::excludedReason)
                .containsExactly(null, null, null, "no_consent", "suppressed", "capped", "household", null, "no_consent");
        Map<String, Map<String, Integer>> counts = ChannelPlanner.counts(d);
        assertThat(counts.get("channels")).containsEntry("sms", 1).containsEntry("email", 2).containsEntry("postal", 1);
        assertThat(counts.get("excluded")).containsEntry("no_consent", 2).containsEntry("suppressed", 1)
                .containsEntry("capped", 1).containsEntry("household", 1).containsEntry("control_group", 0);
    }

    @Test
    void theCustomersPreferenceIsIgnoredWhenTheAudienceSaysSoAndAnOwnMonthlyMaximumCaps() {
        ChannelPlanner.Member m = new ChannelPlanner.Member(1, Set.of("sms", "email"), Map.of("email", true, "sms", true),
                Map.of(), "email", 1, null, null);
        assertThat(ChannelPlanner.decide(PLAN, false, WIRED, CAP, List.of(m)).get(0).channel()).isEqualTo("sms");
        assertThat(ChannelPlanner.decide(PLAN, true, WIRED, CAP, List.of(m)).get(0).channel()).isEqualTo("email");
        ChannelPlanner.Member own = new ChannelPlanner.Member(1, Set.of("sms"), Map.of("sms", true), Map.of(), null, 1, 1, null);
        assertThat(ChannelPlanner.decide(PLAN, true, WIRED, CAP, List.of(own)).get(0).excludedReason()).isEqualTo("capped");
        ChannelPlanner.Member landline = new ChannelPlanner.Member(1, Set.of("sms"), Map.of("sms", false), Map.of(), null, 0, null, null);
        assertThat(ChannelPlanner.decide(PLAN, true, WIRED, CAP, List.of(landline)).get(0).excludedReason()).isEqualTo("no_contact");
    }

    @Test
    void smsBodyNamesTheSenderAndCarriesTheStopMentionOnce() {
        assertThat(AudienceActivation.smsBody("Maison", "-20% ce week-end", "STOP SMS au 36111"))
                .isEqualTo("Maison: -20% ce week-end\nSTOP SMS au 36111");
        assertThat(AudienceActivation.smsBody("Maison", "Maison: soldes. Stop au 36111", "STOP SMS au 36111"))
                .isEqualTo("Maison: soldes. Stop au 36111");
    }
}
