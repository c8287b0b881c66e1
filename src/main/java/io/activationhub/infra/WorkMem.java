package io.activationhub.infra;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.util.Map;

/** PostgreSQL's memory per sort or hash ({@code work_mem}) for one heavy transaction: a setting's value, checked, and set. */
public final class WorkMem {

    private WorkMem() {
    }

    /** The value of setting {@code setting} (trimmed; {@code fallback} when empty), refused unless it looks like 256MB. */
    public static String checked(String setting, String value, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.trim();
        if (!v.matches("\\d+(kB|MB|GB)")) {
            throw new IllegalArgumentException(setting + " must look like 256MB, got '" + v + "'");
        }
        return v;
    }

    /** Sets it for the current transaction; outside a transaction it has no lasting effect. */
    public static void setLocal(NamedParameterJdbcTemplate jdbc, String value) {
        jdbc.queryForObject("select set_config('work_mem', :mem, true)", Map.of("mem", value), String.class);
    }
}
