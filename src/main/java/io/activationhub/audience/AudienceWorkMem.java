package io.activationhub.audience;

import io.activationhub.infra.WorkMem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The memory PostgreSQL may use for each sort or hash while an audience is evaluated ({@code hub.audiences.work-mem},
 * 256MB by default). An audience reads {@code customer_profile}, which sums every customer's tickets and their items:
 * with PostgreSQL's default (4MB) that join spills to temporary files (measured in bench/README.md, "Reading tickets
 * and items": 2.8 s instead of 1.6 s for 4 million lines).
 */
@Component
public class AudienceWorkMem {

    private final String value;

    public AudienceWorkMem(@Value("${hub.audiences.work-mem:256MB}") String value) {
        this.value = WorkMem.checked("hub.audiences.work-mem", value, "256MB");
    }

    public String value() {
        return value;
    }

    /** Sets it for the current transaction; outside a transaction it has no lasting effect. */
    public void apply(NamedParameterJdbcTemplate jdbc) {
        WorkMem.setLocal(jdbc, value);
    }
}
