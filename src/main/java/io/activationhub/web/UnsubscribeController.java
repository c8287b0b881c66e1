package io.activationhub.web;

import io.activationhub.activation.UnsubscribeTokens;
import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import io.activationhub.infra.HubSecrets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One-click unsubscribe (RFC 8058): {@code POST /u/{token}} with no authentication and no redirect withdraws the
 * channel consent and suppresses the address. {@code GET /u/{token}} shows a page with the button, for people who
 * click the link in a mail reader.
 */
@RestController
public class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final ConsentLedger consents;
    private final NamedParameterJdbcTemplate jdbc;

    public UnsubscribeController(HubSecrets secrets, ConsentLedger consents, NamedParameterJdbcTemplate jdbc) {
        this.tokens = new UnsubscribeTokens(secrets.signingKey());
        this.consents = consents;
        this.jdbc = jdbc;
    }

    @PostMapping("/u/{token}")
    @Transactional
    public ResponseEntity<String> unsubscribe(@PathVariable String token, HttpServletRequest request) {
        UnsubscribeTokens.Subject subject = tokens.verify(token).orElse(null);
        if (subject == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body("Unknown link.\n");
        }
        consents.record(subject.customerId(), subject.channel(), ConsentStatus.WITHDRAWN, "consent", "unsubscribe",
                "one-click unsubscribe from " + request.getRemoteAddr(), Instant.now());
        List<String> emails = jdbc.queryForList("select email from customer where id = :id and email is not null",
                Map.of("id", subject.customerId()), String.class);
        for (String email : emails) {
            jdbc.update("""
                    insert into suppression (channel, address_hash, reason, source)
                    values (:ch, encode(sha256(convert_to(:email, 'UTF8')), 'hex'), 'unsubscribe', 'one-click')
                    on conflict do nothing""", Map.of("ch", subject.channel(), "email", email));
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("You are unsubscribed.\n");
    }

    @GetMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable String token) {
        if (tokens.verify(token).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("<!doctype html><p>Unknown link.</p>");
        }
        String safe = token.replaceAll("[^A-Za-z0-9._-]", "");
        return ResponseEntity.ok("""
                <!doctype html><html lang="fr"><meta charset="utf-8"><title>Désinscription</title>
                <form method="post" action="/u/%s"><p>Ne plus recevoir nos messages ?</p>
                <button type="submit">Me désinscrire</button></form></html>""".formatted(safe));
    }
}
