package io.activationhub.audience;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {field}} placeholders of a message from a member's profile; an unknown or empty field becomes empty. */
public final class MessageTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private MessageTemplate() {
    }

    public static String render(String template, Map<String, ?> fields) {
        if (template == null) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = fields.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v.toString()));
        }
        m.appendTail(out);
        return out.toString().replaceAll(" {2,}", " ");
    }
}
