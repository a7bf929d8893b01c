package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts a URL source may be fetched from. Unless {@code instance_source_allow_private} is set, every address
 * the host resolves to must be public: loopback, unspecified, private (RFC 1918, IPv6 ULA {@code fc00::/7},
 * site-local), link-local (also {@code 169.254.169.254}, the cloud metadata address), shared CGNAT
 * {@code 100.64.0.0/10}, multicast and reserved ranges are refused, IPv4 addresses embedded in IPv6 (mapped,
 * compatible, NAT64) by their IPv4 meaning. {@code instance_source_allowed_hosts} lists exceptions: a host name or
 * literal, alone (any port) or as {@code host:port}, compared case-insensitively with the URL's host.
 */
public final class SourceAddressPolicy {
    private final boolean allowPrivate;
    private final Set<String> allowedHosts;

    public SourceAddressPolicy(boolean allowPrivate, List<String> allowedHosts) {
        this.allowPrivate = allowPrivate;
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * This policy with {@code hosts} ({@code host:port}) added to the exceptions: the download bases an operator
     * configured (provisioning mirrors) are trusted even when private, their redirects are checked as usual.
     */
    public SourceAddressPolicy allowing(java.util.Collection<String> hosts) {
        java.util.List<String> all = new java.util.ArrayList<>(allowedHosts);
        all.addAll(hosts);
        return new SourceAddressPolicy(allowPrivate, all);
    }

    /**
     * Refuses (60001) a URL whose host is, or resolves to, a non-public address. The connection made right after
     * resolves through the JVM's address cache (30 s), so it uses the addresses checked here: a DNS answer that
     * changes after the check (rebinding) is not seen by it.
     */
    public void check(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refuse(uri + " has no host");
        }
        if (allowPrivate || allowed(uri, host)) {
            return;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw refuse("cannot resolve the host of " + uri);
        }
        for (InetAddress a : addresses) {
            String why = nonPublic(a);
            if (why != null) {
                throw refuse("source " + uri + ": host '" + host + "' resolves to " + a.getHostAddress() + ", a "
                        + why + " address; URL sources must be public unless instance_source_allow_private is set"
                        + " (or the host is listed in instance_source_allowed_hosts)");
            }
        }
    }

    private boolean allowed(URI uri, String host) {
        if (allowedHosts.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
        return allowedHosts.contains(h) || allowedHosts.contains(h + ":" + port);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "ftp" -> 21;
            default -> 80;
        };
    }

    /** Why {@code a} is not a public unicast address, or {@code null} when it is. */
    static String nonPublic(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Inet4Address embedded = embeddedIpv4(b);
            if (embedded != null) {
                return nonPublic(embedded);
            }
            if (a.isLoopbackAddress()) {
                return "loopback";
            }
            if (a.isAnyLocalAddress()) {
                return "unspecified";
            }
            if (a.isLinkLocalAddress()) {
                return "link-local";
            }
            if ((b[0] & 0xFE) == 0xFC) {
                return "private (unique local)";
            }
            if (a.isSiteLocalAddress()) {
                return "private (site-local)";
            }
            if (a.isMulticastAddress()) {
                return "multicast";
            }
            return null;
        }
        byte[] b = a.getAddress();
        int o0 = b[0] & 0xFF;
        int o1 = b[1] & 0xFF;
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (o0 == 0) {
            return "unspecified";
        }
        if (o0 == 169 && o1 == 254) {
            return "link-local (cloud metadata)";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (o0 == 100 && (o1 & 0xC0) == 64) {
            return "shared (CGNAT)";
        }
        if (o0 == 192 && o1 == 0 && (b[2] & 0xFF) == 0) {
            return "reserved (IETF protocol)";
        }
        if (o0 == 198 && (o1 & 0xFE) == 18) {
            return "reserved (benchmarking)";
        }
        if (o0 >= 224) {
            return o0 < 240 ? "multicast" : "reserved";
        }
        return null;
    }

    /** The IPv4 address of {@code ::ffff:a.b.c.d}, {@code ::a.b.c.d} or NAT64 {@code 64:ff9b::a.b.c.d}. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && ((b[12] | b[13] | b[14]) != 0 || (b[15] & 0xFF) > 1);
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static DaemonError refuse(String detail) {
        return new DaemonError(Failure.INSTALLATION_ERROR, detail);
    }
}
