package io.activationhub.audience;

import io.activationhub.pressure.ContactCap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for each member of an audience, the one channel they are reached on, or why they are left out. Pure:
 * the caller gives what the store knows about each member ({@link Member}).
 * <ol>
 *     <li>channels are tried in the audience's plan order, the customer's own preferred channel first when it is in
 *     the plan; a channel not wired on this hub ({@code available}) is skipped;</li>
 *     <li>a channel needs a granted consent, a contact point (email, E.164 mobile, a mailable postal address) and an
 *     address not suppressed; the first channel meeting all three wins;</li>
 *     <li>nobody reachable: {@code no_consent} when no channel of the plan had a consent, {@code suppressed} when
 *     the consented channels were suppressed (unsubscribe, STOP, hard bounce, PND), else {@code no_contact};</li>
 *     <li>then pressure: {@code capped} when the customer had their share of contacts in the period;</li>
 *     <li>then one letter per household: a second member at the same postal address on the postal channel is
 *     {@code household};</li>
 *     <li>the control group ({@code control_group}) is drawn by the caller among those left.</li>
 * </ol>
 */
public final class ChannelPlanner {

    public static final String NO_CONSENT = "no_consent";
    public static final String SUPPRESSED = "suppressed";
    public static final String NO_CONTACT = "no_contact";
    public static final String CAPPED = "capped";
    public static final String HOUSEHOLD = "household";
    public static final String CONTROL_GROUP = "control_group";

    /** What the store knows about a member. */
    public record Member(long customerId, Set<String> granted, Map<String, Boolean> reachable,
                         Map<String, Boolean> suppressed, String preferredChannel, int recentContacts,
                         Integer maxPerMonth, String householdKey) {
    }

    /** A decision: the channel, or null with the reason. */
    public record Decision(long customerId, String channel, String excludedReason) {
        public boolean included() {
            return channel != null;
        }
    }

    private ChannelPlanner() {
    }

    public static List<Decision> decide(List<String> plan, boolean followCustomerPreference, Set<String> available,
                                        ContactCap cap, List<Member> members) {
        List<Decision> out = new ArrayList<>(members.size());
        Set<String> households = new HashSet<>();
        for (Member m : members) {
            out.add(decide(plan, followCustomerPreference, available, cap, m, households));
        }
        return out;
    }

    static Decision decide(List<String> plan, boolean followCustomerPreference, Set<String> available, ContactCap cap,
                           Member m, Set<String> households) {
        List<String> order = new ArrayList<>(plan);
        if (followCustomerPreference && m.preferredChannel() != null && order.remove(m.preferredChannel())) {
            order.add(0, m.preferredChannel());
        }
        boolean anyConsent = false;
        boolean anySuppressed = false;
        String chosen = null;
        for (String ch : order) {
            if (!available.contains(ch)) {
                continue;
            }
            if (!m.granted().contains(ch)) {
                continue;
            }
            anyConsent = true;
            if (!Boolean.TRUE.equals(m.reachable().get(ch))) {
                continue;
            }
            if (Boolean.TRUE.equals(m.suppressed().get(ch))) {
                anySuppressed = true;
                continue;
            }
            if (ch.equals("postal") && m.householdKey() != null && households.contains(m.householdKey())) {
                continue;
            }
            chosen = ch;
            break;
        }
        if (chosen == null) {
            boolean sameHousehold = order.contains("postal") && m.granted().contains("postal")
                    && m.householdKey() != null && households.contains(m.householdKey());
            String reason = !anyConsent ? NO_CONSENT : anySuppressed ? SUPPRESSED : sameHousehold ? HOUSEHOLD : NO_CONTACT;
            return new Decision(m.customerId(), null, reason);
        }
        if (!cap.allows(m.recentContacts(), m.maxPerMonth())) {
            return new Decision(m.customerId(), null, CAPPED);
        }
        if (chosen.equals("postal") && m.householdKey() != null) {
            households.add(m.householdKey());
        }
        return new Decision(m.customerId(), chosen, null);
    }

    /** Members per channel and excluded per reason, in a stable order. */
    public static Map<String, Map<String, Integer>> counts(List<Decision> decisions) {
        Map<String, Integer> perChannel = new LinkedHashMap<>();
        Map<String, Integer> excluded = new LinkedHashMap<>();
        for (String r : List.of(NO_CONSENT, SUPPRESSED, NO_CONTACT, CAPPED, HOUSEHOLD, CONTROL_GROUP)) {
            excluded.put(r, 0);
        }
        for (Decision d : decisions) {
            if (d.included()) {
                perChannel.merge(d.channel(), 1, Integer::sum);
            } else {
                excluded.merge(d.excludedReason(), 1, Integer::sum);
            }
        }
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        out.put("channels", perChannel);
        out.put("excluded", excluded);
        return out;
    }
}
