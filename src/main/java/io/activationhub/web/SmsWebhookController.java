package io.activationhub.web;

import io.activationhub.returns.SmsReturns;
import io.activationhub.returns.TwilioSignature;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SMS gateway webhooks (Twilio style), form-encoded and signed with the account's auth token
 * ({@code HUB_CHANNELS_SMS_AUTH_TOKEN}): {@code POST /webhooks/sms/status} (delivery status callbacks) and
 * {@code POST /webhooks/sms/inbound} (replies, STOP). The signature covers the public URL the gateway called
 * ({@code hub.public-url} + path) and the sorted parameters.
 */
@RestController
public class SmsWebhookController {

    private final SmsReturns returns;
    private final org.springframework.core.env.Environment env;
    private final String publicUrl;

    public SmsWebhookController(SmsReturns returns, org.springframework.core.env.Environment env,
                                @Value("${hub.public-url}") String publicUrl) {
        this.returns = returns;
        // read at each call: in the demo and tests the mock partners set the token once they have started
        this.env = env;
        this.publicUrl = publicUrl.replaceFirst("/+$", "");
    }

    @PostMapping(value = "/webhooks/sms/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> status(@RequestBody MultiValueMap<String, String> form, HttpServletRequest request,
                                         @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
        Map<String, String> p = single(form);
        ResponseEntity<String> refused = check(request, p, signature);
        if (refused != null) {
            return refused;
        }
        returns.status(p.get("MessageSid"), p.get("MessageStatus"), p.get("ErrorCode"), p.get("To"));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(value = "/webhooks/sms/inbound", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> inbound(@RequestBody MultiValueMap<String, String> form, HttpServletRequest request,
                                          @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
        Map<String, String> p = single(form);
        ResponseEntity<String> refused = check(request, p, signature);
        if (refused != null) {
            return refused;
        }
        returns.reply(p.get("From"), p.get("Body"));
        // an empty TwiML answer: the hub sends no automatic reply
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body("<Response/>");
    }

    private ResponseEntity<String> check(HttpServletRequest request, Map<String, String> params, String signature) {
        String authToken = env.getProperty("hub.channels.sms.auth-token", "");
        if (authToken.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("SMS webhooks not configured\n");
        }
        String url = publicUrl + request.getRequestURI();
        if (!TwilioSignature.verify(authToken, url, params, signature)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body("bad or missing signature\n");
        }
        return null;
    }

    private static Map<String, String> single(MultiValueMap<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> out.put(k, v == null || v.isEmpty() ? null : v.get(0)));
        return out;
    }
}
