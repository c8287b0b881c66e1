package io.activationhub.privacy;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recognises a person who was erased when one of their identifiers comes back in a later import. */
@Component
public class ErasureTombstones {

    private final NamedParameterJdbcTemplate jdbc;

    public ErasureTombstones(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean matches(String email, String mobile, String phone, String card) {
        List<String> hashes = new ArrayList<>(4);
        if (email != null) {
            hashes.add(Identifiers.tombstone("email", email));
        }
        for (String p : new String[]{mobile, phone}) {
            if (p != null) {
                hashes.add(Identifiers.tombstone("phone", p));
            }
        }
        if (card != null) {
            hashes.add(Identifiers.tombstone("card", card));
        }
        return !hashes.isEmpty() && Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists(select 1 from erasure_tombstone where identifier_hash in (:h))", Map.of("h", hashes),
                Boolean.class));
    }
}
