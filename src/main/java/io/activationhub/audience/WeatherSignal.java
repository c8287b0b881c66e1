package io.activationhub.audience;

import io.activationhub.weather.WeatherPlaces;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a weather signal holds: the places whose stored forecast ({@code weather_forecast}) has a daily maximum
 * above (or below) the threshold today or within the signal's days, turned into the departments they cover
 * ({@code connectors/weather-places.yaml}).
 */
@Component
public class WeatherSignal {

    private final NamedParameterJdbcTemplate jdbc;
    private final WeatherPlaces places;

    public WeatherSignal(NamedParameterJdbcTemplate jdbc, WeatherPlaces places) {
        this.jdbc = jdbc;
        this.places = places;
    }

    public List<String> departments(AudienceDefinition audience) {
        AudienceDefinition.Signal s = audience.signal();
        if (s == null || !"weather".equals(s.type())) {
            return List.of();
        }
        boolean above = s.above() != null;
        List<String> hot = jdbc.queryForList("""
                select distinct place from weather_forecast
                where forecast_date between (now() at time zone 'Europe/Paris')::date
                                        and (now() at time zone 'Europe/Paris')::date + :days
                  and temperature_max is not null
                  and ((:above and temperature_max > :t) or (not :above and temperature_max < :t))""",
                new MapSqlParameterSource("days", AudienceSignals.days(s, 0)).addValue("above", above)
                        .addValue("t", above ? s.above() : s.below()), String.class);
        Set<String> departments = new TreeSet<>();
        for (WeatherPlaces.Place p : places.all()) {
            if (hot.contains(p.name())) {
                departments.addAll(p.departments());
            }
        }
        return new ArrayList<>(departments);
    }
}
