package io.activationhub.registration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who submitted a form, as recorded in a consent's proof. {@code X-Forwarded-For} is anyone's to write, so it is read
 * only as far as it was written by proxies the hub trusts ({@code hub.web.trusted-proxies}, address ranges):
 * <ul>
 *   <li>a request that did not come from a trusted proxy is from the address that connected, whatever it claims;</li>
 *   <li>otherwise the header is read from the right (each proxy appends the address it saw): the client is the first
 *       address that is not a trusted proxy, so addresses a client wrote into the header itself, on the left, are
 *       never taken; when every address is a trusted proxy, the left-most one;</li>
 *   <li>only well-formed IPv4/IPv6 literals count (a port or brackets are removed); reading stops at anything else,
 *       and the last address read is the client.</li>
 * </ul>
 */
public final class ClientAddress {

    /** Loopback and private networks: a proxy on the same host or inside the site's network (Tomcat's default too). */
    public static final String DEFAULT_TRUSTED_PROXIES =
            "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,100.64.0.0/10,fc00::/7,fe80::/10";

    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> trusted;

    /**
     * @param trustedProxies comma-separated addresses or ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); empty:
     *                       no proxy is trusted and the header is never read
     * @throws IllegalArgumentException for an entry that is not an address or a range, naming it
     */
    public ClientAddress(String trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies == null ? new String[0] : trustedProxies.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] network = literal(slash < 0 ? e : e.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("hub.web.trusted-proxies: '" + e + "' is not an IP address or range");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException notANumber) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("hub.web.trusted-proxies: '" + e + "' has a prefix length out of 0-"
                            + network.length * 8);
                }
            }
            ranges.add(new Range(network, bits));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The submitting client's address, from the connecting address and the request's {@code X-Forwarded-For}. */
    public String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = bare(hops[i].trim());
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range r : trusted) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An address of the header without port or brackets, or null when it is not an IP literal. */
    private static String bare(String hop) {
        String h = hop;
        if (h.startsWith("[") && h.contains("]")) {
            h = h.substring(1, h.indexOf(']'));
        } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':')); // IPv4 with a port
        }
        return literal(h) == null ? null : h;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null; never a name lookup. */
    private static byte[] literal(String s) {
        if (s == null) {
            return null;
        }
        boolean v4 = IPV4.matcher(s).matches();
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!(s.contains(":") && IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            // a literal checked above: InetAddress parses it without asking any name service
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | RuntimeException notAnAddress) {
            return null;
        }
    }
}
