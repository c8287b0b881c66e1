package io.activationhub.customer;

import io.activationhub.golden.Survivorship;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * Golden record survivorship as configuration ({@code hub.golden.*}): {@code trust=loyalty,registration},
 * {@code default-rules=trusted,recent,complete}, per field {@code rules[email]=recent,trusted}. Fields: civility,
 * first_name, last_name, email, mobile, phone, birth_date, address (lines, postcode, city and country survive
 * together), home_store_id.
 */
@ConfigurationProperties(prefix = "hub.golden")
public record GoldenSettings(List<String> trust, Map<String, List<String>> rules, List<String> defaultRules) {

    public GoldenSettings {
        trust = trust == null ? List.of("loyalty", "registration") : List.copyOf(trust);
        rules = rules == null ? Map.of() : Map.copyOf(rules);
        defaultRules = defaultRules == null ? List.of("trusted", "recent", "complete") : List.copyOf(defaultRules);
    }

    public Survivorship survivorship() {
        return new Survivorship(trust, rules, defaultRules);
    }
}
