package io.activationhub.audience;

import java.util.List;
import java.util.Set;

/**
 * An audience as marketing defines it in {@code audiences/*.audience.yaml}: who (conditions on the customer profile),
 * on which channel, when (a Quartz cron schedule and/or an event trigger), and with which message.
 *
 * @param oncePerCustomer a customer receives this audience's message at most once (welcome, birthday of a year...)
 * @param adPlatforms     ad platforms ({@code meta}, {@code google}) the audience is also synced to as a customer list
 *                        (members with the {@code ads} consent); none when absent
 */
public record AudienceDefinition(String id, String name, String description, String channel, String schedule,
                                 String trigger, boolean oncePerCustomer, List<Condition> where, Message message,
                                 List<String> adPlatforms) {

    public static final Set<String> CHANNELS = Set.of("email");
    public static final Set<String> AD_PLATFORMS = Set.of("meta", "google");

    /** One condition on a {@code customer_profile} field. */
    public record Condition(String field, String op, Object value) {
    }

    /** The message; {@code {first_name}}-style placeholders take profile fields. */
    public record Message(String subject, String body) {
    }

    public AudienceDefinition {
        where = where == null ? List.of() : List.copyOf(where);
        adPlatforms = adPlatforms == null ? List.of() : List.copyOf(adPlatforms);
        for (String platform : adPlatforms) {
            if (!AD_PLATFORMS.contains(platform)) {
                throw new IllegalArgumentException("audience " + id + ": ad platform '" + platform + "' is not one of "
                        + AD_PLATFORMS);
            }
        }
    }

    /** An audience without ad platforms (the form before {@code adPlatforms}). */
    public AudienceDefinition(String id, String name, String description, String channel, String schedule,
                              String trigger, boolean oncePerCustomer, List<Condition> where, Message message) {
        this(id, name, description, channel, schedule, trigger, oncePerCustomer, where, message, null);
    }
}
