package io.activationhub.web;

import io.activationhub.export.CsvCell;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Exports for integration and audit, streamed row by row (constant memory whatever the base size):
 * {@code GET /api/identities} ({@code source;source_key;customer_id}) and {@code GET /api/customers/export}.
 */
@RestController
public class ExportController {

    static final List<String> CUSTOMER_COLUMNS = List.of("customer_id", "civility", "first_name", "last_name", "email",
            "mobile", "postcode", "city", "phone", "birth_date", "address_line2", "address_line3", "address_line4",
            "address_line5", "country", "household_id", "home_store_id", "enrolled_at", "created_at", "updated_at");

    private final JdbcTemplate jdbc;

    public ExportController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/identities")
    public ResponseEntity<StreamingResponseBody> identities() {
        return csv("identities.csv", List.of("source", "source_key", "customer_id"),
                "select source, source_key, customer_id from customer_identity order by customer_id, source, source_key");
    }

    @GetMapping("/api/customers/export")
    public ResponseEntity<StreamingResponseBody> customers() {
        return csv("customers.csv", CUSTOMER_COLUMNS, "select id as customer_id, " + String.join(", ",
                CUSTOMER_COLUMNS.subList(1, CUSTOMER_COLUMNS.size())).replace("household_id",
                "coalesce(household_id, id) as household_id") + " from customer order by id");
    }

    private ResponseEntity<StreamingResponseBody> csv(String fileName, List<String> header, String sql) {
        StreamingResponseBody body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write(String.join(";", header));
            w.write('\n');
            jdbc.query(con -> {
                con.setAutoCommit(false);
                var ps = con.prepareStatement(sql);
                ps.setFetchSize(5000);
                return ps;
            }, rs -> {
                try {
                    for (int i = 1; i <= header.size(); i++) {
                        if (i > 1) {
                            w.write(';');
                        }
                        w.write(CsvCell.of(rs.getObject(i)));
                    }
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(body);
    }
}
