package io.activationhub.mock;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a forecast request, checked as Open-Meteo does; a refusal is an
 * IllegalArgumentException whose message is Open-Meteo's {@code reason}.
 */
record ForecastRequest(double latitude, double longitude, int days, ZoneId zone, List<String> variables) {

    static final int DEFAULT_DAYS = 7;

    static ForecastRequest parse(Query query) {
        double latitude = coordinate(query, "latitude");
        double longitude = coordinate(query, "longitude");
        checkCoordinates(latitude, longitude);
        return new ForecastRequest(latitude, longitude, days(query.present("forecast_days")),
                zone(query.present("timezone")), variables(query.present("daily")));
    }

    static void checkCoordinates(double latitude, double longitude) {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("Latitude must be in range of -90 to 90°. Given: " + latitude + ".");
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("Longitude must be in range of -180 to 180°. Given: " + longitude + ".");
        }
    }

    private static double coordinate(Query query, String name) {
        String value = query.present(name);
        try {
            return Double.parseDouble(value);
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("Value of type 'Float' required for key '" + name + "'.");
        }
    }

    private static int days(String value) {
        int days;
        try {
            days = value == null ? DEFAULT_DAYS : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 0 || days > OpenMeteoMock.MAX_FORECAST_DAYS) {
            throw new IllegalArgumentException("Forecast days is invalid. Allowed range 0 to "
                    + OpenMeteoMock.MAX_FORECAST_DAYS + ".");
        }
        return days;
    }

    /** Open-Meteo's default is GMT; {@code auto} (the place's own zone) is answered as GMT too. */
    private static ZoneId zone(String value) {
        if (value == null || value.equalsIgnoreCase("auto") || value.equalsIgnoreCase("GMT")) {
            return ZoneId.of("GMT");
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Invalid timezone");
        }
    }

    private static List<String> variables(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> variables = new ArrayList<>();
        for (String name : value.split(",")) {
            String variable = name.trim();
            if (!OpenMeteoMock.UNITS.containsKey(variable)) {
                throw new IllegalArgumentException("Data corrupted at path ''. Cannot initialize "
                        + "ForecastVariableDaily from invalid String value " + variable + ".");
            }
            if (!variables.contains(variable)) {
                variables.add(variable);
            }
        }
        return List.copyOf(variables);
    }
}
