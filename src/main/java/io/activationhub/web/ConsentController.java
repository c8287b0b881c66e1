package io.activationhub.web;

import io.activationhub.consent.ContactPreferences;
import io.activationhub.consent.DoNotContactList;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.StringReader;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * Suppression lists and contact preferences: {@code POST /api/suppressions} uploads a do-not-contact list (text/csv,
 * one email or phone per line, optionally {@code value;channel}); {@code GET /api/suppressions} counts entries per
 * channel and reason; {@code GET|PUT /api/customers/{id}/preferences} reads and sets the preferred channel and
 * maximum contacts per month.
 */
@RestController
public class ConsentController {

    private static final int MAX_UPLOAD_CHARS = 50_000_000;

    private final DoNotContactList doNotContact;
    private final ContactPreferences preferences;

    public ConsentController(DoNotContactList doNotContact, ContactPreferences preferences) {
        this.doNotContact = doNotContact;
        this.preferences = preferences;
    }

    @PostMapping(value = "/api/suppressions", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public DoNotContactList.UploadReport upload(@RequestBody String body,
                                                @RequestParam(defaultValue = "upload") String source, Principal who) {
        if (body.length() > MAX_UPLOAD_CHARS) {
            throw new IllegalArgumentException("upload larger than " + MAX_UPLOAD_CHARS + " characters; split it");
        }
        if (!source.matches("[A-Za-z0-9 ._-]{1,100}")) {
            throw new IllegalArgumentException("source: letters, digits, space, dot, dash or underscore, at most 100");
        }
        return doNotContact.upload(new StringReader(body), source, who == null ? "anonymous" : who.getName());
    }

    @GetMapping("/api/suppressions")
    public List<Map<String, Object>> suppressions() {
        return doNotContact.summary();
    }

    @GetMapping("/api/customers/{id}/preferences")
    public ContactPreferences.Preference preferences(@PathVariable long id) {
        return preferences.get(id).orElseThrow(() -> new NotFound("no customer " + id));
    }

    /** Body: {@code {"preferredChannel": "sms"|null, "maxPerMonth": 4|null, "source": "call-centre"}}. */
    @PutMapping("/api/customers/{id}/preferences")
    public ContactPreferences.Preference setPreferences(@PathVariable long id, @RequestBody Map<String, Object> body,
                                                       Principal who) {
        for (String key : body.keySet()) {
            if (!List.of("preferredChannel", "maxPerMonth", "source").contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "'; use preferredChannel, maxPerMonth, source");
            }
        }
        Object max = body.get("maxPerMonth");
        if (max != null && !(max instanceof Integer)) {
            throw new IllegalArgumentException("maxPerMonth must be a whole number or null");
        }
        Object channel = body.get("preferredChannel");
        if (channel != null && !(channel instanceof String)) {
            throw new IllegalArgumentException("preferredChannel must be a string or null");
        }
        Object source = body.get("source");
        return preferences.set(id, (String) channel, (Integer) max, source == null ? null : source.toString(),
                who == null ? "anonymous" : who.getName()).orElseThrow(() -> new NotFound("no customer " + id));
    }
}
