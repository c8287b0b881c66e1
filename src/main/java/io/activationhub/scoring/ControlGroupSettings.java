package io.activationhub.scoring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Control-group shares ({@code hub.control-groups.*}): {@code default-share} for every campaign, and
 * {@code shares.<audience id>} for one.
 */
@ConfigurationProperties(prefix = "hub.control-groups")
public record ControlGroupSettings(Double defaultShare, Map<String, Double> shares) {

    public ControlGroupSettings {
        defaultShare = defaultShare == null ? 0 : defaultShare;
        shares = shares == null ? Map.of() : Map.copyOf(shares);
    }

    public ControlGroup of(String campaignId) {
        return new ControlGroup(campaignId, shares.getOrDefault(campaignId, defaultShare));
    }
}
