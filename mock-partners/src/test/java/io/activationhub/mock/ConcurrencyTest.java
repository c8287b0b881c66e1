package io.activationhub.mock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The mocks are shared by the hub's concurrent routes: additions and requests from several threads. */
class ConcurrencyTest {

    @Test
    void concurrentAdditionsAndRequestsAreAllKept() throws Exception {
        try (MockPartners partners = MockPartners.start("127.0.0.1", 0, 0)) {
            MockPartnersClient client = new MockPartnersClient(partners);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> added = new ArrayList<>();
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    added.add(pool.submit(() -> partners.x().add("42", "concurrent", "7").id()));
                    statuses.add(pool.submit(() -> client.get("/weather/v1/forecast?latitude=1&longitude=2")
                            .statusCode()));
                }
                Set<String> ids = new HashSet<>();
                for (Future<String> id : added) {
                    ids.add(id.get());
                }
                for (Future<Integer> status : statuses) {
                    assertThat(status.get()).isEqualTo(200);
                }

                assertThat(ids).hasSize(40);
                assertThat(partners.x().mentions("42")).hasSize(XMentionsMock.SEED_MENTIONS + 40);
                assertThat(partners.received("weather")).hasSize(40);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
