package dev.finops.budget.service;

import dev.finops.budget.config.BudgetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps alert deliveries away from this host and the cloud metadata service (SSRF): a channel URL whose host
 * is, or resolves to, a loopback, link-local, wildcard or multicast address, or a metadata endpoint, is refused
 * unless its host is listed in {@code finops.budget.alerts.allowed-hosts} or private destinations are allowed.
 * Checked when a channel is written and again before each send (DNS may answer differently later).
 */
@ApplicationScoped
public class AlertDestinations {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata",
            "169.254.169.254", "100.100.100.200", "fd00:ec2::254");

    private final Set<String> allowedHosts;
    private final boolean allowPrivate;

    public AlertDestinations(BudgetConfig config) {
        this.allowedHosts = config.alerts().allowedHosts().orElse(java.util.List.of()).stream()
                .map(AlertDestinations::normalise).collect(Collectors.toUnmodifiableSet());
        this.allowPrivate = config.alerts().allowPrivate();
    }

    /** Why a request to this URL must not be sent, or empty when it may (resolves the host: call off the event loop). */
    public Optional<String> refusal(URI url) {
        String host = normalise(url.getHost());
        if (allowPrivate || allowedHosts.contains(host)) {
            return Optional.empty();
        }
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of(refused(host, "a cloud metadata endpoint"));
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                String kind = forbiddenKind(address);
                if (kind != null) {
                    return Optional.of(refused(host, kind + " address (" + address.getHostAddress() + ")"));
                }
            }
        } catch (UnknownHostException e) {
            return Optional.empty(); // nothing to reach today; the send-time check looks again
        }
        return Optional.empty();
    }

    private static String forbiddenKind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isAnyLocalAddress()) {
            return "a wildcard";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        if (a instanceof Inet6Address && METADATA_HOSTS.contains(a.getHostAddress().replaceAll("%.*", ""))) {
            return "a cloud metadata";
        }
        return METADATA_HOSTS.contains(a.getHostAddress()) ? "a cloud metadata" : null;
    }

    private static String refused(String host, String why) {
        return "'" + host + "' is " + why + "; alerts are not sent there unless finops.budget.alerts.allowed-hosts "
                + "lists it";
    }

    private static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.toLowerCase(Locale.ROOT).strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
