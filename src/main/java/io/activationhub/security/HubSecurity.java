package io.activationhub.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.util.List;

/**
 * Who may do what:
 * <ul>
 *     <li>no authentication: health, one-click unsubscribe ({@code /u/**}, RFC 8058 forbids it), partner webhooks
 *     ({@code /webhooks/**}, which verify the partner's HMAC signature instead);</li>
 *     <li>viewer: read the admin API and metrics;</li>
 *     <li>integrator: also push data in ({@code /api/ingest/**}), operate feeds and routes, unmerge customers and attach
 *     social handles they gave;</li>
 *     <li>admin: everything, including privacy requests and activations.</li>
 * </ul>
 * HTTP Basic for scripts and the console; no session, no CSRF token (no cookie-based session to ride on). The console's
 * static files ({@code /}, {@code /console/**}) hold no data and load without an account; its calls to the API send
 * the account the user typed in. Schedules (change, pause, resume, run now) are for admins.
 */
@Configuration
public class HubSecurity {

    private static final Logger log = LoggerFactory.getLogger(HubSecurity.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService hubUsers(HubUsers config, PasswordEncoder encoder) {
        if (config.users().isEmpty()) {
            log.warn("No user is configured (HUB_SECURITY_USERS_0_NAME / _PASSWORD / _ROLES): the admin API and console "
                    + "refuse every request");
        }
        List<UserDetails> users = config.users().stream().map(u -> User.withUsername(u.name())
                .password(u.password().startsWith("{") ? u.password() : encoder.encode(u.password()))
                .roles(u.roles().toArray(String[]::new)).build()).toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("Activation Hub"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/u/**", "/webhooks/**").permitAll()
                        .requestMatchers("/api/privacy/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/console/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.PUT, "/api/feeds/*/schedule", "/api/audiences/*/schedule").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/feeds/*/schedule/**", "/api/audiences/*/schedule/**",
                                "/api/feeds/*/run", "/api/audiences/*/run").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/ingest/**").hasAnyRole("ADMIN", "INTEGRATOR")
                        .requestMatchers(HttpMethod.POST, "/api/feeds/**", "/api/routes/**").hasAnyRole("ADMIN", "INTEGRATOR")
                        .requestMatchers(HttpMethod.POST, "/api/customers/*/unmerge", "/api/customers/*/identities").hasAnyRole("ADMIN", "INTEGRATOR")
                        .requestMatchers(HttpMethod.POST, "/api/audiences/*/ads-sync").hasAnyRole("ADMIN", "INTEGRATOR")
                        .requestMatchers(HttpMethod.PUT, "/api/feeds/**", "/api/routes/**").hasAnyRole("ADMIN", "INTEGRATOR")
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**", "/v3/api-docs/**", "/", "/console/**")
                        .hasAnyRole("ADMIN", "INTEGRATOR", "VIEWER")
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }
}
