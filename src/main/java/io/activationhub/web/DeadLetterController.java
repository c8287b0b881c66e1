package io.activationhub.web;

import io.activationhub.infra.DeadLetters;
import io.activationhub.privacy.AuditLog;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dead letters (Kafka {@code hub.dead-letter}): {@code GET /api/dead-letters} (bodies, which may hold personal data,
 * only for admins) and {@code POST /api/dead-letters/{partition}/{offset}/replay} (admin, audited).
 */
@RestController
public class DeadLetterController {

    private final DeadLetters deadLetters;
    private final AuditLog audit;

    public DeadLetterController(DeadLetters deadLetters, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GetMapping("/api/dead-letters")
    public List<DeadLetters.DeadLetter> latest(@RequestParam(defaultValue = "50") int limit, Authentication who) {
        boolean admin = who.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        List<DeadLetters.DeadLetter> letters = deadLetters.latest(Math.max(1, Math.min(limit, 500)));
        return admin ? letters : letters.stream().map(d -> new DeadLetters.DeadLetter(d.partition(), d.offset(), d.at(),
                null, d.reason(), d.sourceRoute(), d.sourceTopic(), d.sourcePartition(), d.sourceOffset(), d.bodyBytes(),
                null)).toList();
    }

    @PostMapping("/api/dead-letters/{partition}/{offset}/replay")
    public Map<String, Object> replay(@PathVariable int partition, @PathVariable long offset, Authentication who)
            throws Exception {
        Map<String, Object> result = deadLetters.replay(partition, offset);
        Map<String, Object> details = new LinkedHashMap<>(result);
        audit.record(who.getName(), "dead-letter.replay", DeadLetters.TOPIC + "/" + partition + "/" + offset, details);
        return result;
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> notReplayable(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409, "error", "Conflict",
                "message", e.getMessage()));
    }
}
