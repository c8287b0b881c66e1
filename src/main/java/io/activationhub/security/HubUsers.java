package io.activationhub.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The people and scripts allowed into the admin API and console, from the environment:
 * {@code HUB_SECURITY_USERS_0_NAME}, {@code HUB_SECURITY_USERS_0_PASSWORD} (plain, or {@code {bcrypt}...}),
 * {@code HUB_SECURITY_USERS_0_ROLES} (admin, integrator, viewer). There is no default user outside the demo profile.
 */
@ConfigurationProperties(prefix = "hub.security")
public record HubUsers(List<User> users) {

    public static final Set<String> ROLES = Set.of("ADMIN", "INTEGRATOR", "VIEWER");

    /** One account. */
    public record User(String name, String password, List<String> roles) {
        public User {
            roles = roles == null ? List.of() : roles.stream().map(r -> r.trim().toUpperCase(Locale.ROOT)).toList();
        }
    }

    public HubUsers {
        users = users == null ? List.of() : List.copyOf(users);
        for (User u : users) {
            if (u.name() == null || u.name().isBlank() || u.password() == null || u.password().isBlank()) {
                throw new IllegalArgumentException("hub.security.users: every user needs a name and a password");
            }
            if (u.roles().isEmpty() || !ROLES.containsAll(u.roles())) {
                throw new IllegalArgumentException("hub.security.users: user '" + u.name() + "' needs roles among "
                        + ROLES + ", got " + u.roles());
            }
        }
    }
}
