package io.activationhub.weather;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Daily forecast of one place, read from the Open-Meteo style columnar JSON. Values may be missing (null). */
public record Forecast(double latitude, double longitude, List<Day> days) {

    public record Day(LocalDate date, BigDecimal temperatureMax, BigDecimal precipitation) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Forecast parse(String body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root.path("error").asBoolean(false)) {
            throw new IOException("provider refused: " + root.path("reason").asText("no reason"));
        }
        JsonNode daily = root.path("daily");
        JsonNode time = daily.path("time");
        if (!time.isArray()) {
            throw new IOException("no daily.time in the forecast");
        }
        JsonNode temp = daily.path("temperature_2m_max");
        JsonNode rain = daily.path("precipitation_sum");
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < time.size(); i++) {
            days.add(new Day(LocalDate.parse(time.get(i).asText()), number(temp, i), number(rain, i)));
        }
        return new Forecast(root.path("latitude").asDouble(), root.path("longitude").asDouble(), days);
    }

    private static BigDecimal number(JsonNode column, int i) {
        JsonNode v = column.isArray() && i < column.size() ? column.get(i) : null;
        return v == null || v.isNull() ? null : v.decimalValue();
    }
}
