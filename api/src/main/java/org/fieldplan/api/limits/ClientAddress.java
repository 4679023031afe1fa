package org.fieldplan.api.limits;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Who the client is, for the limits: the TCP peer's address, or, when the peer is one of the configured trusted
 * proxies, the right-most address in X-Forwarded-For that is not itself a trusted proxy (the left-most entries are
 * whatever the client chose to send). An IPv6 client counts by its /64 network, since one subscriber gets a whole /64.
 */
@Component
public class ClientAddress {

    private final Set<String> trusted = new HashSet<>();

    // compiled once: every limited request asks (String.matches compiled them on each call)
    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("[0-9a-fA-F:.\\[\\]%]{2,60}");
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9a-fA-F:.%a-zA-Z]{2,60}");

    public ClientAddress(LimitProperties limits) {
        for (String proxy : limits.trustedProxies()) {
            trusted.add(normal(proxy.strip()));
        }
    }

    /** The limiter's key for the caller of {@code request}. */
    public String of(HttpServletRequest request) {
        return key(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    String key(String remote, @Nullable String forwardedFor) {
        String client = normal(remote);
        if (forwardedFor != null && trusted.contains(client)) {
            List<String> hops = List.of(forwardedFor.split(","));
            for (int i = hops.size() - 1; i >= 0; i--) {
                String hop = hops.get(i).strip();
                if (hop.isEmpty() || !literal(hop)) {
                    break; // a garbled header: keep the last good one (the proxy itself at worst)
                }
                client = normal(hop);
                if (!trusted.contains(client)) {
                    break;
                }
            }
        }
        return network(client);
    }

    private static boolean literal(String text) {
        return LITERAL.matcher(text).matches();
    }

    /** The canonical text of an IP address literal (never a name look-up), or the text itself. */
    static String normal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        InetAddress parsed = parse(a);
        return parsed == null ? a : parsed.getHostAddress();
    }

    /** An IP literal, parsed without any name look-up; null if the text is not one. */
    static @Nullable InetAddress parse(String a) {
        boolean v4 = IPV4.matcher(a).matches();
        boolean v6 = a.contains(":") && IPV6.matcher(a).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(a); // a literal: with a ':' or a dotted quad Java never asks DNS
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** IPv4 as it is; IPv6 cut to its /64. */
    static String network(String address) {
        if (!address.contains(":")) {
            return address;
        }
        try {
            InetAddress parsed = parse(address);
            if (parsed == null) {
                return address;
            }
            if (parsed instanceof Inet6Address) {
                byte[] bytes = parsed.getAddress();
                for (int i = 8; i < 16; i++) {
                    bytes[i] = 0;
                }
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
