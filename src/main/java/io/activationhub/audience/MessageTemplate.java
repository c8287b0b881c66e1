package io.activationhub.audience;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {field}} placeholders of a message from a member's profile; an unknown or empty field becomes empty. */
public final class MessageTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private MessageTemplate() {
    }

    /**
     * How to greet a member ({@code {greeting_name}}): their first name when the source gave one; otherwise, a first
     * name given as an initial or none, "Madame Pilliard" / "Monsieur Pilliard" by civility, else the initial and the
     * name ("D. Pilliard"), else the name; empty when there is no name at all.
     */
    public static String greetingName(String civility, String firstName, String lastName) {
        String first = firstName == null ? "" : firstName.strip();
        String last = lastName == null ? "" : lastName.strip();
        if (first.replace(".", "").length() > 1) {
            return first;
        }
        if (last.isEmpty()) {
            return first;
        }
        if ("MME".equals(civility)) {
            return "Madame " + last;
        }
        if ("M".equals(civility)) {
            return "Monsieur " + last;
        }
        return first.isEmpty() ? last : first + " " + last;
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
