package io.activationhub.identity;

import java.util.Map;

/**
 * Why two records were linked: the rule (same card, same email, same mobile, or probabilistic), the Fellegi–Sunter
 * weight and posterior probability, and each field's agreement level with its weight.
 */
public record MatchExplanation(String recordA, String recordB, String rule, double weight, double posterior,
                               Map<String, String> fields) {
}
