package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static io.activationhub.mock.MockPartnersClient.json;
import static org.assertj.core.api.Assertions.assertThat;

class OpenMeteoMockTest {

    private static final String NICE = "/weather/v1/forecast?latitude=43.7102&longitude=7.262"
            + "&daily=temperature_2m_max,precipitation_sum&timezone=Europe%2FParis&forecast_days=7";

    private static MockPartners partners;
    private static MockPartnersClient client;

    @BeforeAll
    static void start() throws Exception {
        partners = MockPartners.start("127.0.0.1", 0, 0);
        client = new MockPartnersClient(partners);
    }

    @AfterAll
    static void stop() {
        partners.close();
    }

    @BeforeEach
    void clean() {
        partners.weather().clearOverrides();
        partners.forget("weather");
    }

    @Test
    void answersAColumnarDailyForecastFromToday() {
        HttpResponse<String> response = client.get(NICE);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("latitude").asDouble()).isEqualTo(43.71);
        assertThat(body.get("longitude").asDouble()).isEqualTo(7.26);
        assertThat(body.get("timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(body.get("utc_offset_seconds").asInt()).isIn(3600, 7200);
        assertThat(body.get("timezone_abbreviation").asText()).isNotBlank();
        assertThat(body.get("generationtime_ms").isNumber()).isTrue();
        assertThat(body.get("elevation").isNumber()).isTrue();
        assertThat(body.get("daily_units").get("time").asText()).isEqualTo("iso8601");
        assertThat(body.get("daily_units").get("temperature_2m_max").asText()).isEqualTo("°C");
        assertThat(body.get("daily_units").get("precipitation_sum").asText()).isEqualTo("mm");
        JsonNode daily = body.get("daily");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        assertThat(daily.get("time")).hasSize(7);
        assertThat(daily.get("time").get(0).asText()).isEqualTo(today.toString());
        assertThat(daily.get("time").get(6).asText()).isEqualTo(today.plusDays(6).toString());
        assertThat(daily.get("temperature_2m_max")).hasSize(7).allMatch(JsonNode::isNumber);
        assertThat(daily.get("precipitation_sum")).hasSize(7).allMatch(v -> v.isNumber() && v.asDouble() >= 0);
    }

    @Test
    void valuesAreDeterministicPerRoundedPlaceAndDate() {
        JsonNode first = json(client.get(NICE)).get("daily");
        JsonNode again = json(client.get(NICE.replace("43.7102", "43.7098"))).get("daily");

        assertThat(again).isEqualTo(first);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        assertThat(partners.weather().daily(43.71, 7.26, today, OpenMeteoMock.TEMPERATURE_MAX))
                .isEqualTo(first.get("temperature_2m_max").get(0).asDouble());
    }

    @Test
    void overridesOverHttpIncludingNull() {
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(2);
        HttpResponse<String> override = client.post("/mock/weather/override", """
                {"latitude":43.7102,"longitude":7.262,"date":"%s","temperature_2m_max":40.0,
                 "precipitation_sum":null}""".formatted(day));
        assertThat(override.statusCode()).isEqualTo(201);

        JsonNode daily = json(client.get(NICE)).get("daily");

        assertThat(daily.get("temperature_2m_max").get(2).asDouble()).isEqualTo(40.0);
        assertThat(daily.get("precipitation_sum").get(2).isNull()).isTrue();
        assertThat(daily.get("temperature_2m_max").get(1).isNumber()).isTrue();

        assertThat(client.delete("/mock/weather/override").statusCode()).isEqualTo(200);
        assertThat(json(client.get(NICE)).at("/daily/precipitation_sum/2").isNumber()).isTrue();
    }

    @Test
    void overridesInJava() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        partners.weather().override(43.7102, 7.262, today, OpenMeteoMock.TEMPERATURE_MAX, null)
                .override(43.7102, 7.262, today.plusDays(1), OpenMeteoMock.PRECIPITATION, 55.5);

        JsonNode daily = json(client.get(NICE)).get("daily");

        assertThat(daily.get("temperature_2m_max").get(0).isNull()).isTrue();
        assertThat(daily.get("precipitation_sum").get(1).asDouble()).isEqualTo(55.5);
    }

    @Test
    void rejectsBadParametersAsOpenMeteoDoes() {
        for (String query : List.of("longitude=7.26", "latitude=91&longitude=7.26", "latitude=abc&longitude=7.26",
                "latitude=43.7&longitude=200", "latitude=43.7&longitude=7.26&forecast_days=17",
                "latitude=43.7&longitude=7.26&daily=snow_depth_max", "latitude=43.7&longitude=7.26&timezone=Mars/Base")) {
            HttpResponse<String> response = client.get("/weather/v1/forecast?" + query);

            assertThat(response.statusCode()).as(query).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("error").asBoolean()).isTrue();
            assertThat(body.get("reason").asText()).isNotBlank();
        }
        assertThat(json(client.get("/weather/v1/forecast?latitude=91&longitude=0")).get("reason").asText())
                .contains("Latitude must be in range of -90 to 90");
        assertThat(client.get("/weather/v1/forecast?latitude=43.7&longitude=7.26&forecast_days=16").statusCode())
                .isEqualTo(200);
    }

    @Test
    void rejectsBadOverrides() {
        assertThat(client.post("/mock/weather/override", "{\"latitude\":43.7,\"longitude\":7.26,\"date\":\"2026-11-28\"}")
                .statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/weather/override",
                "{\"latitude\":43.7,\"longitude\":7.26,\"date\":\"2026-11-28\",\"snow\":1}").statusCode()).isEqualTo(400);
        assertThat(client.post("/mock/weather/override",
                "{\"latitude\":43.7,\"longitude\":7.26,\"date\":\"28/11\",\"temperature_2m_max\":1}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void recordsRequests() {
        client.get(NICE);
        client.get("/weather/v1/forecast?longitude=1");

        assertThat(partners.received("weather")).extracting(RecordedRequest::path, RecordedRequest::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/weather/v1/forecast", 200),
                        org.assertj.core.groups.Tuple.tuple("/weather/v1/forecast", 400));
        assertThat(partners.received("weather").get(0).query()).contains("latitude=43.7102").contains("forecast_days=7");
    }
}
