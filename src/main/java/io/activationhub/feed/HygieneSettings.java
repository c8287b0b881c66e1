package io.activationhub.feed;

import io.activationhub.hygiene.Range;
import io.activationhub.hygiene.ValidityRanges;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Validity ranges of a deployment ({@code hub.hygiene.*}): values outside them are flagged in the feed run's
 * data-quality report and kept.
 * <ul>
 *   <li>{@code birth-age=16..110}: plausible ages, in whole years, of a birth date in a loyalty file or a registration;</li>
 *   <li>{@code ranges[field]=min..max}, either bound open ({@code ..150000}): a till line's {@code pos.quantity},
 *   {@code pos.unit_price} and {@code pos.discount}, and amounts a contact record carries ({@code salary}). A field
 *   given replaces its default range; given empty, it has none.</li>
 * </ul>
 * A range that cannot be read stops the hub at start, naming the property.
 */
@ConfigurationProperties(prefix = "hub.hygiene")
public record HygieneSettings(String birthAge, Map<String, String> ranges) {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    public HygieneSettings {
        ranges = ranges == null ? Map.of() : Map.copyOf(ranges);
        // read now: a deployment with a mistyped range does not start (the components, not yet the record's fields)
        validityRanges(birthAge, ranges, Clock.system(PARIS));
    }

    /** The ranges, ages counted on today's date in Paris (the hub's time zone for people's dates). */
    public ValidityRanges validityRanges() {
        return validityRanges(Clock.system(PARIS));
    }

    /** The ranges, ages counted on the given clock's date. */
    public ValidityRanges validityRanges(Clock clock) {
        return validityRanges(birthAge, ranges, clock);
    }

    private static ValidityRanges validityRanges(String birthAge, Map<String, String> ranges, Clock clock) {
        ValidityRanges defaults = ValidityRanges.defaults(clock);
        ValidityRanges.AgeRange ages = defaults.birthAge();
        if (birthAge != null && !birthAge.isBlank()) {
            try {
                ages = ValidityRanges.AgeRange.parse(birthAge);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hub.hygiene.birth-age: " + e.getMessage());
            }
        }
        Map<String, Range> byField = new HashMap<>();
        for (String field : defaults.fields()) {
            byField.put(field, defaults.range(field).orElseThrow());
        }
        ranges.forEach((field, text) -> {
            if (text == null || text.isBlank()) {
                byField.remove(field);
                return;
            }
            try {
                byField.put(field, Range.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hub.hygiene.ranges[" + field + "]: " + e.getMessage());
            }
        });
        return new ValidityRanges(byField, ages, clock);
    }
}
