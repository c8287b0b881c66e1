package io.activationhub.ads;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Reads {@code hub.channels.ads.*} (application.properties documents each) into {@link AdChannelSettings}. */
@Configuration
public class AdsConfiguration {

    @Bean
    AdChannelSettings adChannelSettings(Environment env) {
        Map<AdPlatform, AdChannelSettings.Platform> platforms = new EnumMap<>(AdPlatform.class);
        for (AdPlatform p : AdPlatform.values()) {
            String prefix = "hub.channels.ads." + p.id() + ".";
            int batch = env.getProperty(prefix + "batch-size", Integer.class, p.maxMembersPerRequest());
            if (batch < 1 || batch > p.maxMembersPerRequest()) {
                throw new IllegalArgumentException(prefix + "batch-size must be between 1 and " + p.maxMembersPerRequest());
            }
            Map<String, String> lists = Binder.get(env).bind(prefix + "user-lists", Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
            platforms.put(p, new AdChannelSettings.Platform(env.getProperty(prefix + "access-token", ""),
                    env.getProperty(prefix + (p == AdPlatform.META ? "ad-account-id" : "account-id"), "0"),
                    env.getProperty(prefix + "account-type", "GOOGLE_ADS"), env.getProperty(prefix + "version", "v21.0"),
                    batch, Map.copyOf(lists)));
        }
        String s = "hub.channels.ads.";
        return new AdChannelSettings(platforms, env.getProperty(s + "max-attempts", Integer.class, 6),
                Duration.ofMillis(env.getProperty(s + "initial-backoff-ms", Long.class, 1000L)),
                Duration.ofMillis(env.getProperty(s + "max-backoff-ms", Long.class, 60_000L)),
                env.getProperty(s + "max-rate-limit-waits", Integer.class, 50),
                Duration.ofSeconds(env.getProperty(s + "max-retry-after-s", Long.class, 900L)),
                Duration.ofMillis(env.getProperty(s + "breaker-open-ms", Long.class, 60_000L)),
                env.getProperty(s + "breaker-minimum-calls", Integer.class, 4));
    }

    @Bean
    AdDelivery adDelivery(AdPlatformPort port, AdChannelSettings settings) {
        return new AdDelivery(port, settings);
    }
}
