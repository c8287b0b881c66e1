package io.activationhub.audience;

import io.activationhub.infra.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceWorkMemTest {

    @Test
    void aBadSettingIsRefusedWithItsName() {
        assertThat(new AudienceWorkMem(null).value()).isEqualTo("256MB");
        assertThat(new AudienceWorkMem(" 64MB ").value()).isEqualTo("64MB");
        assertThatThrownBy(() -> new AudienceWorkMem("lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hub.audiences.work-mem");
    }

    @Test
    void itHoldsForTheEvaluationsTransactionOnly(@TempDir Path home) throws Exception {
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(home.resolve("postgres"), 0, s -> { })) {
            SingleConnectionDataSource ds = new SingleConnectionDataSource(pg.jdbcUrl(), true);
            try {
                NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
                String before = show(jdbc);
                String during = tx.execute(status -> {
                    new AudienceWorkMem("96MB").apply(jdbc);
                    return show(jdbc);
                });
                assertThat(during).isEqualTo("96MB");
                assertThat(show(jdbc)).as("the pooled connection goes back as it was").isEqualTo(before).isNotEqualTo("96MB");
            } finally {
                ds.destroy();
            }
        }
    }

    private static String show(NamedParameterJdbcTemplate jdbc) {
        return jdbc.queryForObject("show work_mem", Map.of(), String.class);
    }
}
