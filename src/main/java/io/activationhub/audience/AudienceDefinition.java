package io.activationhub.audience;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An audience as marketing defines it in {@code audiences/*.audience.yaml}: who (conditions on the customer profile,
 * and optionally a {@link Signal} such as a birthday or an abandoned cart), on which channel(s), when (a Quartz cron
 * schedule and/or an event trigger), and with which message.
 * <p>
 * Version 1 files name one {@code channel} and one {@code message}; version 2 files may give a {@code channels} plan
 * (preferred channel, then fallbacks, honouring each customer's consent and own preferred channel), a message per
 * channel ({@code messages}), a control-group share and a cool-down. Both read the same way: a v1 file is a plan of
 * its one channel.
 *
 * @param oncePerCustomer   a customer receives this audience's message at most once (welcome...)
 * @param cooldownDays      a customer reached by this audience is not reached again by it for this many days
 * @param controlGroupShare share of members held out as control group (null: {@code hub.control-groups.*})
 * @param adPlatforms       ad platforms ({@code meta}, {@code google}) the audience is also synced to as a customer
 *                          list (members with the {@code ads} consent); none when absent
 */
public record AudienceDefinition(String id, String name, String description, String channel, ChannelPlan channels,
                                 String schedule, String trigger, Signal signal, boolean oncePerCustomer,
                                 Integer cooldownDays, Double controlGroupShare, List<Condition> where,
                                 Message message, Map<String, Message> messages, List<String> adPlatforms) {

    public static final Set<String> CHANNELS = Set.of("email", "sms", "postal", "ads");
    public static final Set<String> AD_PLATFORMS = Set.of("meta", "google");

    /** One condition on a {@code customer_profile} field. */
    public record Condition(String field, String op, Object value) {
    }

    /** The message; {@code {first_name}}-style placeholders take profile fields. SMS and letters use the body. */
    public record Message(String subject, String body) {
    }

    /**
     * Which channel to use for each member: {@code preferred} first, then {@code fallback} in order; the first
     * channel the member consented to and can be reached on wins. When {@code customerPreference} (default true)
     * and the customer stated a preferred channel among these, that one is tried first.
     */
    public record ChannelPlan(String preferred, List<String> fallback, Boolean customerPreference) {
        public ChannelPlan {
            fallback = fallback == null ? List.of() : List.copyOf(fallback);
        }
    }

    /**
     * A behaviour or context that selects members on top of the conditions.
     *
     * @param type      birthday | post-purchase | abandoned-cart | viewed-not-bought | churn-risk | weather
     * @param days      birthday: days ahead (0 = today); post-purchase: days since the last purchase;
     *                  abandoned-cart, viewed-not-bought: look-back window; weather: forecast days ahead (0 = today)
     * @param minutes   abandoned-cart, viewed-not-bought: the cart or view must be at least this old (default 30)
     * @param threshold churn-risk: churn probability crossed upwards between the two latest scoring runs
     * @param above     weather: a daily maximum temperature above this (°C) where the customer lives
     * @param below     weather: a daily maximum temperature below this (°C)
     */
    public record Signal(String type, Integer days, Integer minutes, Double threshold, Double above, Double below) {
        public static final Set<String> TYPES = Set.of("birthday", "post-purchase", "abandoned-cart",
                "viewed-not-bought", "churn-risk", "weather");
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public AudienceDefinition {
        where = where == null ? List.of() : List.copyOf(where);
        messages = messages == null ? Map.of() : Map.copyOf(messages);
        if (channel == null && channels != null) {
            channel = channels.preferred();
        }
        adPlatforms = adPlatforms == null ? List.of() : List.copyOf(adPlatforms);
        for (String platform : adPlatforms) {
            if (!AD_PLATFORMS.contains(platform)) {
                throw new IllegalArgumentException("audience " + id + ": ad platform '" + platform + "' is not one of "
                        + AD_PLATFORMS);
            }
        }
    }

    /** A definition without ad platforms. */
    public AudienceDefinition(String id, String name, String description, String channel, ChannelPlan channels,
                              String schedule, String trigger, Signal signal, boolean oncePerCustomer,
                              Integer cooldownDays, Double controlGroupShare, List<Condition> where,
                              Message message, Map<String, Message> messages) {
        this(id, name, description, channel, channels, schedule, trigger, signal, oncePerCustomer, cooldownDays,
                controlGroupShare, where, message, messages, null);
    }

    /** A version 1 definition: one channel, one message. */
    public AudienceDefinition(String id, String name, String description, String channel, String schedule,
                              String trigger, boolean oncePerCustomer, List<Condition> where, Message message) {
        this(id, name, description, channel, null, schedule, trigger, null, oncePerCustomer, null, null, where,
                message, null, null);
    }

    /** The channels to try, in order (a v1 definition: its one channel). */
    @JsonIgnore
    public List<String> plan() {
        List<String> out = new ArrayList<>();
        if (channels == null) {
            if (channel != null) {
                out.add(channel);
            }
            return out;
        }
        if (channels.preferred() != null) {
            out.add(channels.preferred());
        }
        for (String c : channels.fallback()) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether a customer's own preferred channel goes first. */
    @JsonIgnore
    public boolean followsCustomerPreference() {
        return channels == null || channels.customerPreference() == null || channels.customerPreference();
    }

    /** The message for a channel: its own, else the common one. */
    public Message messageFor(String ch) {
        Message own = messages.get(ch);
        return own != null ? own : message;
    }
}
