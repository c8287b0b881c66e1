package io.activationhub.weather;

import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import io.activationhub.partner.PartnerHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pulls the daily forecast for the places where customers live (departments of their postcodes, mapped to places by
 * {@code connectors/weather-places.yaml}) and stores it for weather triggers. One feed run per pull: read = places
 * asked, accepted = places stored, rejected = places the provider refused. Departments with customers but no place
 * are named in the run's note, never guessed.
 */
@Component("weatherPull")
public class WeatherPull {

    public static final String FEED = "weather";
    private static final Logger log = LoggerFactory.getLogger(WeatherPull.class);

    private final PartnerHttp http;
    private final WeatherPlaces places;
    private final NamedParameterJdbcTemplate jdbc;
    private final FeedRunLedger ledger;
    private final HubInstance instance;

    private final boolean enabled;

    public WeatherPull(PartnerHttp http, WeatherPlaces places, NamedParameterJdbcTemplate jdbc, FeedRunLedger ledger,
                       HubInstance instance,
                       @org.springframework.beans.factory.annotation.Value("${hub.weather.enabled:false}") boolean enabled) {
        this.enabled = enabled;
        this.http = http;
        this.places = places;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.instance = instance;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void declareFeed() {
        ledger.declareFeed(FEED, "weather", "Daily forecasts where customers live (Open-Meteo style)");
    }

    /** Pulls forecasts; returns the run, or {@code null} when the weather source is not enabled. */
    public FeedRun pull(String baseUrl, int forecastDays) {
        if (!enabled) {
            return null;
        }
        Set<String> departments = new TreeSet<>(jdbc.queryForList("""
                select distinct left(postcode, 2) from customer where postcode ~ '^[0-9]{5}$'""", Map.of(), String.class));
        List<WeatherPlaces.Place> wanted = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (WeatherPlaces.Place p : places.all()) {
            if (p.departments().stream().anyMatch(departments::contains)) {
                wanted.add(p);
                covered.addAll(p.departments());
            }
        }
        Set<String> uncovered = new TreeSet<>(departments);
        uncovered.removeAll(covered);
        long runId = ledger.start(FEED, "forecast " + forecastDays + " days", null, instance.id());
        int stored = 0;
        List<String> errors = new ArrayList<>();
        for (WeatherPlaces.Place place : wanted) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("latitude", Double.toString(place.latitude()));
            query.put("longitude", Double.toString(place.longitude()));
            query.put("daily", "temperature_2m_max,precipitation_sum");
            query.put("timezone", "Europe/Paris");
            query.put("forecast_days", Integer.toString(forecastDays));
            try {
                PartnerHttp.Response r = http.get(baseUrl, "/v1/forecast", query);
                if (r.status() == 429) {
                    errors.add(place.name() + ": rate limited");
                    break;
                }
                Forecast f = Forecast.parse(r.body());
                if (!r.ok()) {
                    errors.add(place.name() + ": HTTP " + r.status());
                    continue;
                }
                store(place, f);
                stored++;
            } catch (Exception e) {
                errors.add(place.name() + ": " + e.getMessage());
            }
        }
        StringBuilder note = new StringBuilder();
        if (!uncovered.isEmpty()) {
            note.append("no forecast place for departments ").append(uncovered).append("; ");
        }
        errors.forEach(e -> note.append(e).append("; "));
        int asked = stored + errors.size();
        ledger.finish(runId, errors.isEmpty() || stored > 0 ? FeedRun.SUCCEEDED : FeedRun.FAILED, asked, stored,
                errors.size(), 0, note.isEmpty() ? null : note.toString());
        log.info("Weather: {} places stored, {} refused, departments without a place: {}", stored, errors.size(), uncovered);
        return ledger.run(runId).orElseThrow();
    }

    private void store(WeatherPlaces.Place place, Forecast f) {
        for (Forecast.Day d : f.days()) {
            jdbc.update("""
                    insert into weather_forecast (place, forecast_date, latitude, longitude, temperature_max, precipitation)
                    values (:place, :date, :lat, :lon, :temp, :rain)
                    on conflict (place, forecast_date) do update set temperature_max = excluded.temperature_max,
                           precipitation = excluded.precipitation, latitude = excluded.latitude,
                           longitude = excluded.longitude, fetched_at = now()""",
                    new MapSqlParameterSource("place", place.name()).addValue("date", Date.valueOf(d.date()))
                            .addValue("lat", place.latitude()).addValue("lon", place.longitude())
                            .addValue("temp", d.temperatureMax()).addValue("rain", d.precipitation()));
        }
    }
}
