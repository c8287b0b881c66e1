package io.activationhub.web;

import io.activationhub.registration.ClientAddress;
import io.activationhub.registration.RegistrationForm;
import io.activationhub.registration.Submission;
import io.activationhub.registration.WebRegistrations;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Web registrations and forms: {@code POST /api/ingest/registrations}. The body is checked here (400 with what to
 * fix), given a submission id, and published to Kafka {@code hub.web.registrations} through the route
 * {@code publish-web-registration}; the answer waits for the broker's acknowledgement: 202 with the submission id once
 * the registration is durable, 503 when the broker did not acknowledge in time (nothing was recorded: retry).
 */
@RestController
public class RegistrationController {

    private static final Logger log = LoggerFactory.getLogger(RegistrationController.class);
    static final String PUBLISH = "direct:publish-web-registration";

    private final WebRegistrations registrations;
    private final ProducerTemplate producer;
    private final ClientAddress clientAddress;

    public RegistrationController(WebRegistrations registrations, ProducerTemplate producer,
                                  @org.springframework.beans.factory.annotation.Value("${hub.web.trusted-proxies:"
                                          + ClientAddress.DEFAULT_TRUSTED_PROXIES + "}") String trustedProxies) {
        this.registrations = registrations;
        this.producer = producer;
        this.clientAddress = new ClientAddress(trustedProxies);
    }

    @PostMapping("/api/ingest/registrations")
    public ResponseEntity<Map<String, Object>> register(@RequestHeader(value = "X-Forwarded-For", required = false) String forwardedFor,
                                                        HttpServletRequest request) throws IOException {
        Map<String, String> fields = RegistrationForm.check(boundedBody(request));
        String peer = request.getRemoteAddr();
        Submission submission = registrations.submission(fields, clientAddress.of(peer, forwardedFor), peer);
        Exchange sent = producer.send(PUBLISH, e -> {
            e.getMessage().setBody(registrations.toJson(submission));
            e.getMessage().setHeader("kafka.KEY", submission.submissionId());
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("submissionId", submission.submissionId());
        if (sent.getException() != null) {
            log.warn("Registration {} not acknowledged by Kafka, answered 503: {}", submission.submissionId(),
                    sent.getException().getMessage());
            out.put("status", 503);
            out.put("error", "not recorded: the event backbone did not acknowledge the registration in time; retry later");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(out);
        }
        out.put("status", "accepted");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
    }

    /** The body as UTF-8, read no further than one byte past the limit (so a huge body is refused, not buffered). */
    private static String boundedBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > RegistrationForm.MAX_BYTES) {
            throw new IllegalArgumentException("body longer than " + RegistrationForm.MAX_BYTES + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(RegistrationForm.MAX_BYTES + 1);
            if (bytes.length > RegistrationForm.MAX_BYTES) {
                throw new IllegalArgumentException("body longer than " + RegistrationForm.MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
