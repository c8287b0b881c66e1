package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open-Meteo style forecast under {@code /weather}:
 * {@code GET /weather/v1/forecast?latitude=&longitude=&daily=temperature_2m_max,precipitation_sum&timezone=&forecast_days=}.
 * Values are deterministic from the place (rounded to 0.01°) and the date, and can be overridden, including to null.
 */
public final class OpenMeteoMock implements PartnerMock {

    public static final String TEMPERATURE_MAX = "temperature_2m_max";
    public static final String TEMPERATURE_MIN = "temperature_2m_min";
    public static final String PRECIPITATION = "precipitation_sum";
    public static final int MAX_FORECAST_DAYS = 16;
    static final Map<String, String> UNITS = Map.of(TEMPERATURE_MAX, "°C", TEMPERATURE_MIN, "°C",
            PRECIPITATION, "mm");

    private final Clock clock;
    /** Overridden values by cell; a value may be null (Open-Meteo's missing value). */
    private final Map<WeatherCell, Map<String, Double>> overrides = new ConcurrentHashMap<>();

    OpenMeteoMock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "weather";
    }

    @Override
    public String prefix() {
        return "/weather";
    }

    /** From now on, answers {@code value} (null for missing) for this variable, place and date. */
    public OpenMeteoMock override(double latitude, double longitude, LocalDate date, String variable, Double value) {
        checkVariable(variable);
        ForecastRequest.checkCoordinates(latitude, longitude);
        overrides.compute(WeatherCell.of(latitude, longitude, date), (cell, old) -> {
            Map<String, Double> values = old == null ? new HashMap<>() : new HashMap<>(old);
            values.put(variable, value);
            return Collections.unmodifiableMap(values);
        });
        return this;
    }

    public void clearOverrides() {
        overrides.clear();
    }

    /** The value the forecast gives for this variable, place and date (null when overridden to null). */
    public Double daily(double latitude, double longitude, LocalDate date, String variable) {
        checkVariable(variable);
        return value(WeatherCell.of(latitude, longitude, date), variable);
    }

    private Double value(WeatherCell cell, String variable) {
        Map<String, Double> overridden = overrides.get(cell);
        if (overridden != null && overridden.containsKey(variable)) {
            return overridden.get(variable);
        }
        return SyntheticClimate.value(variable, cell);
    }

    private static void checkVariable(String variable) {
        if (!UNITS.containsKey(variable)) {
            throw new IllegalArgumentException("unknown daily variable " + variable + "; known: " + UNITS.keySet());
        }
    }

    @Override
    public MockResponse handle(PartnerRequest request) {
        if (!request.path().matches("/v1/forecast/?")) {
            return error(404, "Not Found");
        }
        try {
            return MockResponse.json(200, forecast(ForecastRequest.parse(request.query())));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private Map<String, Object> forecast(ForecastRequest request) {
        long started = System.nanoTime();
        ZoneId zone = request.zone();
        List<String> variables = request.variables();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        WeatherCell here = WeatherCell.of(request.latitude(), request.longitude(), now.toLocalDate());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("latitude", here.latitude());
        body.put("longitude", here.longitude());
        body.put("generationtime_ms", 0.0); // measured below; put here to keep Open-Meteo's key order
        body.put("utc_offset_seconds", now.getOffset().getTotalSeconds());
        body.put("timezone", zone.getId());
        body.put("timezone_abbreviation", DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(now));
        body.put("elevation", SyntheticClimate.elevation(here));
        if (!variables.isEmpty()) {
            Map<String, Object> units = new LinkedHashMap<>();
            units.put("time", "iso8601");
            variables.forEach(variable -> units.put(variable, UNITS.get(variable)));
            body.put("daily_units", units);
            body.put("daily", daily(here, request.days(), variables));
        }
        body.put("generationtime_ms", (System.nanoTime() - started) / 1_000_000.0);
        return body;
    }

    private Map<String, Object> daily(WeatherCell first, int days, List<String> variables) {
        Map<String, Object> daily = new LinkedHashMap<>();
        List<String> time = new ArrayList<>(days);
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        variables.forEach(variable -> columns.put(variable, new ArrayList<>(days)));
        for (int d = 0; d < days; d++) {
            LocalDate date = first.date().plusDays(d);
            time.add(date.toString());
            WeatherCell cell = new WeatherCell(first.latitudeHundredths(), first.longitudeHundredths(), date);
            columns.forEach((variable, column) -> column.add(value(cell, variable)));
        }
        daily.put("time", time);
        daily.putAll(columns);
        return daily;
    }

    private static MockResponse error(int status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", true);
        body.put("reason", reason);
        return MockResponse.json(status, body);
    }

    @Override
    public MockResponse failure(int status) {
        return error(status, status >= 500 ? "Service temporarily unavailable" : "Request refused");
    }

    @Override
    public MockResponse rateLimited(int status, long retryAfterSeconds) {
        return error(status, "Minutely API request limit exceeded. Please try again in one minute.");
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("api", "/weather/v1/forecast", "overriddenCells", overrides.size(),
                "override", "/mock/weather/override");
    }

    /**
     * {@code POST /mock/weather/override} with {@code {"latitude","longitude","date", <variable>: value or null, ...}};
     * {@code DELETE} forgets every override.
     */
    @Override
    public MockResponse control(String method, String resource, JsonNode body) {
        if (!resource.equals("override")) {
            return null;
        }
        switch (method) {
            case "POST" -> {
                return override(body);
            }
            case "DELETE" -> {
                clearOverrides();
                return MockResponse.json(200, Map.of("cleared", true));
            }
            default -> throw new BadRequest("use POST or DELETE on /mock/weather/override");
        }
    }

    private MockResponse override(JsonNode body) {
        if (!body.path("latitude").isNumber() || !body.path("longitude").isNumber()) {
            throw new BadRequest("latitude and longitude must be numbers");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(body.path("date").asText());
        } catch (DateTimeParseException e) {
            throw new BadRequest("date must look like 2026-11-28");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("latitude") || name.equals("longitude") || name.equals("date")) {
                continue;
            }
            JsonNode value = body.get(name);
            if (!UNITS.containsKey(name) || !(value.isNull() || value.isNumber())) {
                throw new BadRequest(name + " is not a daily variable set to a number or null; known: "
                        + UNITS.keySet());
            }
            values.put(name, value.isNull() ? null : value.asDouble());
        }
        if (values.isEmpty()) {
            throw new BadRequest("name at least one daily variable to override");
        }
        double latitude = body.get("latitude").asDouble();
        double longitude = body.get("longitude").asDouble();
        try {
            values.forEach((variable, value) -> override(latitude, longitude, date, variable, value));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("latitude", latitude);
        echo.put("longitude", longitude);
        echo.put("date", date.toString());
        echo.putAll(values);
        return MockResponse.json(201, echo);
    }
}
