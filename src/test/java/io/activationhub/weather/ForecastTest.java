package io.activationhub.weather;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForecastTest {

    @Test
    void readsColumnarDailyValuesIncludingMissingOnes() throws IOException {
        Forecast f = Forecast.parse("""
                {"latitude":43.7,"longitude":7.26,"timezone":"Europe/Paris",
                 "daily_units":{"time":"iso8601","temperature_2m_max":"°C","precipitation_sum":"mm"},
                 "daily":{"time":["2026-11-23","2026-11-24"],"temperature_2m_max":[40.1,null],"precipitation_sum":[0.0,2.5]}}""");
        assertThat(f.days()).hasSize(2);
        assertThat(f.days().get(0).date()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(f.days().get(0).temperatureMax()).isEqualByComparingTo("40.1");
        assertThat(f.days().get(1).temperatureMax()).isNull();
        assertThat(f.days().get(1).precipitation()).isEqualByComparingTo("2.5");
    }

    @Test
    void theProvidersRefusalIsAClearError() {
        assertThatThrownBy(() -> Forecast.parse("{\"error\":true,\"reason\":\"Latitude must be in range of -90 to 90°.\"}"))
                .hasMessage("provider refused: Latitude must be in range of -90 to 90°.");
        assertThatThrownBy(() -> Forecast.parse("{\"daily\":{}}")).hasMessageContaining("no daily.time");
    }
}
