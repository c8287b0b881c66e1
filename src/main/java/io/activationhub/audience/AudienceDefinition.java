package io.activationhub.audience;

import java.util.List;
import java.util.Set;

/**
 * An audience as marketing defines it in {@code audiences/*.audience.yaml}: who (conditions on the customer profile),
 * on which channel, when (a Quartz cron schedule and/or an event trigger), and with which message.
 *
 * @param oncePerCustomer a customer receives this audience's message at most once (welcome, birthday of a year...)
 */
public record AudienceDefinition(String id, String name, String description, String channel, String schedule,
                                 String trigger, boolean oncePerCustomer, List<Condition> where, Message message) {

    public static final Set<String> CHANNELS = Set.of("email");

    /** One condition on a {@code customer_profile} field. */
    public record Condition(String field, String op, Object value) {
    }

    /** The message; {@code {first_name}}-style placeholders take profile fields. */
    public record Message(String subject, String body) {
    }

    public AudienceDefinition {
        where = where == null ? List.of() : List.copyOf(where);
    }
}
