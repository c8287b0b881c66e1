package io.activationhub.webevents;

import io.activationhub.ingest.MessageRejected;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebEventParserTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aCompleteEventIsReadWithItsIdentitiesNormalised() {
        WebEvent e = WebEventParser.parse("""
                {"event_id":"e1","type":"purchase","ts":"2026-11-20T10:15:00","cookie_id":"ck","customer_key":"C001",
                 "email":" D.Pilliard@Example.ORG ","sku":"SKU-1","category":"robes","price":"59,90"}""", NOW);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-20T09:15:00Z"));
        assertThat(e.email()).isEqualTo("d.pilliard@example.org");
        assertThat(e.price()).isEqualByComparingTo(new BigDecimal("59.90"));
        assertThat(e.toString()).doesNotContain("pilliard").doesNotContain("C001");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2026-11-20T09:15:00Z        | 2026-11-20T09:15:00Z",
            "2026-11-20T10:15:00+01:00   | 2026-11-20T09:15:00Z",
            "2026-11-20T10:15:00.250     | 2026-11-20T09:15:00.250Z",
            "2026-07-14T10:15            | 2026-07-14T08:15:00Z",
            // the hour that does not exist when clocks go forward is moved forward, as the law does
            "2026-03-29T02:30:00         | 2026-03-29T01:30:00Z"})
    void timestampsAreInstantsOrParisLocalTimes(String ts, String expected) {
        assertThat(WebEventParser.timestamp(ts)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                                         | empty message",
            "[1,2]                                                                      | not a JSON object",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\"}      | no identity: cookie_id, customer_key or email is needed",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"yesterday\",\"cookie_id\":\"c\"} | ts is not an ISO-8601 instant or local date-time: 'yesterday'",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"2031-01-01T00:00:00Z\",\"cookie_id\":\"c\"} | ts out of range: 2031-01-01T00:00:00Z",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\",\"email\":\"nope\"} | email is not a valid address",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\",\"cookie_id\":\"c\",\"price\":-1} | price out of range: -1",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\",\"cookie_id\":\"c\",\"price\":\"abc\"} | price is not a number: 'abc'",
            "{\"event_id\":{\"a\":1},\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\",\"cookie_id\":\"c\"} | event_id must be a string",
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\",\"cookie_id\":\"c\",\"password\":\"x\"} | unknown field 'password'; expected [category, cookie_id, customer_key, email, event_id, price, sku, ts, type]"})
    void messagesThatCanNeverBeStoredAreRejectedWithAReason(String json, String reason) {
        assertThatThrownBy(() -> WebEventParser.parse(json, NOW)).isInstanceOf(MessageRejected.class).hasMessage(reason);
    }

    @Test
    void aHugeMessageIsRejectedWithoutBeingParsed() {
        String huge = "{\"event_id\":\"" + "x".repeat(20_000) + "\"}";
        assertThatThrownBy(() -> WebEventParser.parse(huge, NOW)).hasMessage("message longer than 16384 characters");
    }
}
