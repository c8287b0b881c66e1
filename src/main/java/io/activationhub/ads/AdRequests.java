package io.activationhub.ads;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The platforms' requests, built as their APIs specify (partners.md): Meta form fields {@code access_token},
 * {@code payload} ({@code {"schema":[...],"data":[[...]]}}) and {@code session}; Google JSON
 * {@code {"destinations","audienceMembers","consent","encoding":"HEX"}} with a bearer token.
 */
public final class AdRequests {

    public enum Operation { ADD, REMOVE }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private AdRequests() {
    }

    /** Meta: creates the custom audience the hub's audience is pushed to. */
    public static AdPlatformPort.Call metaCreateAudience(AdChannelSettings.Platform s, String audienceId, String name) {
        String body = form(Map.of("access_token", s.accessToken())) + "&" + form(Map.of("name", "activation-hub " + audienceId))
                + "&subtype=CUSTOM&customer_file_source=USER_PROVIDED_ONLY&"
                + form(Map.of("description", name == null ? audienceId : name));
        return new AdPlatformPort.Call(AdPlatform.META, "POST", "/" + s.version() + "/act_" + s.account() + "/customaudiences",
                FORM, Map.of(), body);
    }

    /**
     * One batch of additions or removals.
     *
     * @param sessionId    Meta session id of the whole sync; batches are numbered from 1
     * @param estimatedTotal rows of the whole sync in this operation (Meta's {@code estimated_num_total})
     */
    public static AdPlatformPort.Call batch(AdPlatform platform, AdChannelSettings.Platform s, String listId,
                                            Operation operation, List<AdMember> members, long sessionId, int batchSeq,
                                            boolean lastBatch, int estimatedTotal) {
        return switch (platform) {
            case META -> meta(s, listId, operation, members, sessionId, batchSeq, lastBatch, estimatedTotal);
            case GOOGLE -> google(s, listId, operation, members);
        };
    }

    private static AdPlatformPort.Call meta(AdChannelSettings.Platform s, String audienceId, Operation operation,
                                            List<AdMember> members, long sessionId, int batchSeq, boolean lastBatch,
                                            int estimatedTotal) {
        List<String> schema = AdPlatform.META.schema();
        StringBuilder payload = new StringBuilder(members.size() * schema.size() * 70 + 100);
        payload.append("{\"schema\":[");
        for (int i = 0; i < schema.size(); i++) {
            payload.append(i == 0 ? "\"" : ",\"").append(schema.get(i)).append('"');
        }
        payload.append("],\"data\":[");
        for (int m = 0; m < members.size(); m++) {
            payload.append(m == 0 ? "[" : ",[");
            AdMember member = members.get(m);
            for (int i = 0; i < schema.size(); i++) {
                String v = member.value(i);
                payload.append(i == 0 ? "\"" : ",\"").append(v == null ? "" : v).append('"');
            }
            payload.append(']');
        }
        payload.append("]}");
        String session = "{\"session_id\":" + sessionId + ",\"batch_seq\":" + batchSeq + ",\"last_batch_flag\":"
                + lastBatch + ",\"estimated_num_total\":" + estimatedTotal + "}";
        String body = form(Map.of("access_token", s.accessToken())) + "&payload=" + encode(payload.toString())
                + "&session=" + encode(session);
        return new AdPlatformPort.Call(AdPlatform.META, operation == Operation.ADD ? "POST" : "DELETE",
                "/" + s.version() + "/" + audienceId + "/users", FORM, Map.of(), body);
    }

    private static AdPlatformPort.Call google(AdChannelSettings.Platform s, String listId, Operation operation,
                                              List<AdMember> members) {
        StringBuilder body = new StringBuilder(members.size() * 260 + 300);
        body.append("{\"destinations\":[{\"operatingAccount\":{\"accountType\":\"").append(jsonText(s.accountType()))
                .append("\",\"accountId\":\"").append(jsonText(s.account())).append("\"},\"productDestinationId\":\"")
                .append(jsonText(listId)).append("\"}],\"audienceMembers\":[");
        for (int m = 0; m < members.size(); m++) {
            AdMember member = members.get(m);
            body.append(m == 0 ? "" : ",").append("{\"userData\":{\"userIdentifiers\":[");
            boolean first = true;
            if (member.value(0) != null) {
                body.append("{\"emailAddress\":\"").append(member.value(0)).append("\"}");
                first = false;
            }
            if (member.value(1) != null) {
                body.append(first ? "" : ",").append("{\"phoneNumber\":\"").append(member.value(1)).append("\"}");
                first = false;
            }
            if (member.value(2) != null && member.value(3) != null && member.value(4) != null && member.value(5) != null) {
                body.append(first ? "" : ",").append("{\"address\":{\"givenName\":\"").append(member.value(2))
                        .append("\",\"familyName\":\"").append(member.value(3)).append("\",\"regionCode\":\"")
                        .append(jsonText(member.value(4))).append("\",\"postalCode\":\"").append(jsonText(member.value(5)))
                        .append("\"}}");
            }
            body.append("]}}");
        }
        body.append(']');
        if (operation == Operation.ADD) {
            body.append(",\"consent\":{\"adUserData\":\"CONSENT_GRANTED\",\"adPersonalization\":\"CONSENT_GRANTED\"}");
        }
        body.append(",\"encoding\":\"HEX\"}");
        return new AdPlatformPort.Call(AdPlatform.GOOGLE, "POST",
                operation == Operation.ADD ? "/v1/audienceMembers:ingest" : "/v1/audienceMembers:remove", JSON,
                Map.of("Authorization", "Bearer " + s.accessToken()), body.toString());
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String jsonText(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
