package io.activationhub.mock;

import java.util.SplittableRandom;

/** Plausible, deterministic daily weather: the same place and date always give the same values. */
final class SyntheticClimate {

    private SyntheticClimate() {
    }

    static double value(String variable, WeatherCell cell) {
        double max = maxTemperature(cell);
        return switch (variable) {
            case OpenMeteoMock.TEMPERATURE_MAX -> max;
            case OpenMeteoMock.TEMPERATURE_MIN -> tenths(max - 5 - 5 * noise(cell, 2));
            case OpenMeteoMock.PRECIPITATION -> precipitation(cell);
            default -> throw new IllegalArgumentException("unknown variable " + variable);
        };
    }

    /** Warmer towards the equator, seasonal by hemisphere, with a few degrees of day-to-day noise. */
    private static double maxTemperature(WeatherCell cell) {
        double latitude = Math.abs(cell.latitude());
        double season = Math.cos(2 * Math.PI * (cell.date().getDayOfYear() - 200) / 365.25);
        double hemisphere = cell.latitude() >= 0 ? 1 : -1;
        return tenths(29 - 0.4 * latitude + (3 + 0.2 * latitude) * season * hemisphere + 6 * noise(cell, 1) - 3);
    }

    /** Dry three days out of five. */
    private static double precipitation(WeatherCell cell) {
        double u = noise(cell, 3);
        return u < 0.6 ? 0.0 : tenths((u - 0.6) * 40);
    }

    static double elevation(WeatherCell cell) {
        long seed = cell.latitudeHundredths() * 1_000_003L + cell.longitudeHundredths();
        return Math.round(new SplittableRandom(seed).nextDouble() * 800);
    }

    /** A number in [0, 1) fixed by the cell and the stream. */
    private static double noise(WeatherCell cell, int stream) {
        long seed = ((cell.latitudeHundredths() * 1_000_003L + cell.longitudeHundredths()) * 100_003L
                + cell.date().toEpochDay()) * 31 + stream;
        return new SplittableRandom(seed).nextDouble();
    }

    private static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
