package io.activationhub.mock;

import java.time.LocalDate;

/** One day at one place, the place rounded to 0.01° (about a kilometre), as the weather mock keys its values. */
record WeatherCell(long latitudeHundredths, long longitudeHundredths, LocalDate date) {

    static WeatherCell of(double latitude, double longitude, LocalDate date) {
        return new WeatherCell(Math.round(latitude * 100), Math.round(longitude * 100), date);
    }

    double latitude() {
        return latitudeHundredths / 100.0;
    }

    double longitude() {
        return longitudeHundredths / 100.0;
    }
}
