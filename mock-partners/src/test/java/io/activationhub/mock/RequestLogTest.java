package io.activationhub.mock;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {

    @Test
    void keepsOnlyTheLatestRequests() {
        RequestLog log = new RequestLog(3);
        for (int i = 1; i <= 5; i++) {
            log.add(new RecordedRequest("GET", "/p" + i, "", Instant.EPOCH, 200));
        }

        assertThat(log.list()).extracting(RecordedRequest::path).containsExactly("/p3", "/p4", "/p5");
        assertThat(log.total()).isEqualTo(5);

        log.forget();
        assertThat(log.list()).isEmpty();
        assertThat(log.total()).isZero();
    }

    @Test
    void recordedQueryDropsCredentials() {
        Query query = Query.parse("fields=id%2Ctext&access_token=secret&limit=2&api_key=k");

        assertThat(query.withoutSecrets()).isEqualTo("fields=id,text&limit=2");
        assertThat(query.get("access_token")).isEqualTo("secret");
    }
}
