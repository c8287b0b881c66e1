package io.activationhub.web;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.activationhub.privacy.AuditLog;
import io.activationhub.privacy.PersonalDataEraser;
import io.activationhub.privacy.PersonalDataExport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GDPR rights: {@code POST /api/privacy/erasure} ({@code {"customerId"|"email"|"phone": ...}}),
 * {@code GET /api/privacy/export/{customerId}}, and the audit log of privacy actions.
 */
@RestController
@RequestMapping("/api/privacy")
public class PrivacyController {

    private final PersonalDataEraser eraser;
    private final PersonalDataExport export;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;

    public PrivacyController(PersonalDataEraser eraser, PersonalDataExport export, AuditLog audit,
                             NamedParameterJdbcTemplate jdbc) {
        this.eraser = eraser;
        this.export = export;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    @PostMapping("/erasure")
    public Map<String, Object> erase(@RequestBody Map<String, Object> request, Principal who) {
        List<Long> customers = find(request);
        if (customers.isEmpty()) {
            throw new NotFound("nobody matches this request");
        }
        List<PersonalDataEraser.Report> reports = new ArrayList<>();
        for (long id : customers) {
            reports.add(eraser.erase(id, actor(who), "request"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("erased", reports.size());
        out.put("reports", reports);
        return out;
    }

    @GetMapping("/export/{customerId}")
    public Map<String, Object> export(@PathVariable long customerId, Principal who) {
        return export.export(customerId, actor(who));
    }

    @GetMapping("/audit")
    public List<Map<String, Object>> audit(@RequestParam(defaultValue = "100") int limit) {
        return audit.recent(Math.max(1, Math.min(limit, 1000)));
    }

    private List<Long> find(Map<String, Object> request) {
        if (request.size() != 1) {
            throw new IllegalArgumentException("give exactly one of customerId, email, phone");
        }
        Map.Entry<String, Object> e = request.entrySet().iterator().next();
        String value = e.getValue() == null ? "" : e.getValue().toString().trim();
        if (value.isEmpty() || value.length() > 320) {
            throw new IllegalArgumentException(e.getKey() + " is empty or too long");
        }
        return switch (e.getKey()) {
            case "customerId" -> {
                if (!value.matches("\\d{1,18}")) {
                    throw new IllegalArgumentException("customerId must be a number");
                }
                yield jdbc.queryForList("select id from customer where id = :v", Map.of("v", Long.parseLong(value)), Long.class);
            }
            case "email" -> jdbc.queryForList("""
                    select id from customer where email = :v
                    union select customer_id from customer_identity where source = 'email' and source_key = :v""",
                    Map.of("v", value.toLowerCase(Locale.ROOT)), Long.class);
            case "phone" -> jdbc.queryForList("""
                    select id from customer where mobile = :v or phone = :v
                    union select customer_id from customer_identity where source in ('mobile', 'phone') and source_key = :v""",
                    Map.of("v", e164(value)), Long.class);
            default -> throw new IllegalArgumentException("unknown key '" + e.getKey() + "': use customerId, email or phone");
        };
    }

    private static String e164(String phone) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            return util.format(util.parse(phone, "FR"), PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException ex) {
            throw new IllegalArgumentException("phone is not a phone number");
        }
    }

    private static String actor(Principal who) {
        return who == null ? "anonymous" : who.getName();
    }
}
