package io.activationhub.registration;

import java.util.regex.Pattern;

/**
 * Who submitted a form: the left-most address of {@code X-Forwarded-For} (the client, as the first proxy saw it) when
 * the request came through proxies, else the address that connected. Only well-formed IPv4/IPv6 literals are taken
 * from the header; anything else falls back to the connecting address.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private ClientAddress() {
    }

    public static String of(String peer, String forwardedFor) {
        if (forwardedFor != null) {
            String first = forwardedFor.split(",")[0].trim();
            if (first.startsWith("[") && first.contains("]")) {
                first = first.substring(1, first.indexOf(']'));
            } else if (first.indexOf(':') > 0 && first.indexOf(':') == first.lastIndexOf(':')) {
                first = first.substring(0, first.indexOf(':')); // IPv4 with a port
            }
            if (IPV4.matcher(first).matches() || (first.contains(":") && IPV6.matcher(first).matches())) {
                return first;
            }
        }
        return peer;
    }
}
