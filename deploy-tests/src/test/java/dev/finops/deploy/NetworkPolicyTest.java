package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Default deny, service-to-service traffic exactly where the REST clients call, and providers for the gateway only. */
class NetworkPolicyTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    /** Who calls whom (the @RegisterRestClient interfaces and finops.auth.ingest-url of each service). */
    private static final Map<String, Set<String>> CALLS = Map.of(
            "ingest-service", Set.of("pricing-service", "budget-service", "cache-service"),
            "pricing-service", Set.of("ingest-service"),
            "budget-service", Set.of("ingest-service", "pricing-service"),
            "anomaly-service", Set.of("ingest-service", "budget-service"),
            "cache-service", Set.of("ingest-service", "pricing-service"),
            "gateway-service", Set.of("ingest-service", "pricing-service", "budget-service", "cache-service"));

    /** LLM workloads (finops.dev/workload=true) reach the gateway and nothing else of the suite. */
    private static final Set<String> WORKLOAD_FACING = Set.of("gateway-service");

    /** Agents that call the APIs themselves (finops.dev/direct-api=true): usage, routing, budget checks, lookups. */
    private static final Set<String> DIRECT_API_FACING = Set.of("ingest-service", "pricing-service", "budget-service",
            "cache-service");

    /** Private, shared, link-local and loopback ranges: addresses of the cluster, never of a public LLM provider. */
    private static final List<String> NON_PUBLIC = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everythingIsDeniedUnlessAllowed(String overlay) {
        List<NetworkPolicy> denyAll = Manifests.of(overlay).all(NetworkPolicy.class).stream()
                .filter(p -> selectsEverything(p.getSpec().getPodSelector()))
                .filter(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")))
                .filter(p -> p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty())
                .toList();
        assertEquals(1, denyAll.size(), overlay + ": one default-deny policy for ingress and egress of every pod");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesReachOnlyTheServicesTheyCall(String overlay) {
        for (String service : Manifests.SERVICES) {
            NetworkPolicy p = Manifests.of(overlay).named(NetworkPolicy.class, service);
            assertEquals(Map.of("app.kubernetes.io/name", service), p.getSpec().getPodSelector().getMatchLabels());
            Set<String> egressTo = services(p.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream()));
            assertEquals(new TreeSet<>(CALLS.get(service)), egressTo, overlay + ": " + service + " may call");
            Set<String> callers = new TreeSet<>();
            CALLS.forEach((caller, callees) -> {
                if (callees.contains(service)) {
                    callers.add(caller);
                }
            });
            Set<String> ingressFrom = services(p.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()));
            assertEquals(callers, ingressFrom, overlay + ": " + service + " is called by");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void workloadsReachOnlyTheGatewayAndPrometheusScrapesAll(String overlay) {
        for (String service : Manifests.SERVICES) {
            var ingress = Manifests.of(overlay).named(NetworkPolicy.class, service).getSpec().getIngress();
            assertEquals(WORKLOAD_FACING.contains(service), admits(ingress, "finops.dev/workload"),
                    overlay + ": workloads reach " + service);
            assertEquals(DIRECT_API_FACING.contains(service), admits(ingress, "finops.dev/direct-api"),
                    overlay + ": agents with finops.dev/direct-api reach " + service);
            assertTrue(ingress.stream().flatMap(r -> r.getFrom().stream())
                    .anyMatch(peer -> peer.getPodSelector() != null && "prometheus".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))),
                    overlay + ": Prometheus scrapes " + service);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyPodMayResolveNames(String overlay) {
        assertTrue(Manifests.of(overlay).all(NetworkPolicy.class).stream()
                .filter(p -> selectsEverything(p.getSpec().getPodSelector()))
                .flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(r -> r.getPorts().stream().anyMatch(port -> "UDP".equals(port.getProtocol()) && port.getPort().getIntVal() == 53)),
                overlay + ": DNS egress (UDP 53) for every pod");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheGatewayReachesProvidersOnPublicAddresses(String overlay) {
        for (NetworkPolicy p : Manifests.of(overlay).all(NetworkPolicy.class)) {
            Set<String> selected = selectedServices(p.getSpec().getPodSelector());
            for (var rule : p.getSpec().getEgress()) {
                boolean https = rule.getPorts() == null || rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(port -> port.getPort() != null && port.getPort().getIntVal() != null
                        && port.getPort().getIntVal() == 443);
                boolean anywhere = rule.getTo() == null || rule.getTo().isEmpty();
                boolean publicBlock = rule.getTo() != null && rule.getTo().stream()
                        .anyMatch(peer -> peer.getIpBlock() != null && reachesPublic(peer.getIpBlock().getCidr()));
                if (!https || !(anywhere || publicBlock)) {
                    continue;
                }
                String where = overlay + ": NetworkPolicy " + p.getMetadata().getName() + " lets " + selected
                        + " reach public addresses on 443";
                // budget-service delivers alerts to any webhook URL; it holds no provider key
                assertTrue(Set.of("gateway-service").equals(selected)
                        || anywhere && Set.of("budget-service").equals(selected), where);
                if (Set.of("gateway-service").equals(selected)) {
                    assertTrue(!anywhere && rule.getTo().stream().allMatch(peer -> peer.getIpBlock() != null
                            && peer.getIpBlock().getExcept().containsAll(peer.getIpBlock().getCidr().contains(":")
                            ? List.of("fc00::/7", "fe80::/10") : NON_PUBLIC)),
                            where + ": only outside the cluster's ranges, never link-local (cloud metadata)");
                    assertEquals(List.of(443), rule.getPorts().stream().map(port -> port.getPort().getIntVal()).toList(), where);
                }
            }
        }
        NetworkPolicy gateway = Manifests.of(overlay).named(NetworkPolicy.class, "gateway-service");
        assertTrue(gateway.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream())
                .anyMatch(peer -> peer.getIpBlock() != null && "0.0.0.0/0".equals(peer.getIpBlock().getCidr())),
                overlay + ": the gateway reaches providers");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theWatchingServicesReachTheKubernetesApiOnPrivateAddressesOnly(String overlay) {
        NetworkPolicy api = Manifests.of(overlay).named(NetworkPolicy.class, "allow-kubernetes-api-egress");
        assertEquals(Set.of("pricing-service", "budget-service", "anomaly-service", "cache-service", "gateway-service"),
                selectedServices(api.getSpec().getPodSelector()), overlay + ": the services with a Role (rbac.yaml)");
        for (var rule : api.getSpec().getEgress()) {
            assertFalse(rule.getTo().isEmpty(), overlay + ": the API server by address, not anywhere");
            rule.getTo().forEach(peer -> assertFalse(reachesPublic(peer.getIpBlock().getCidr()),
                    overlay + ": " + peer.getIpBlock().getCidr() + " is not a private range"));
        }
    }

    /** Whether an ipBlock holds public addresses: it is a default route, or not inside a private range. */
    private static boolean reachesPublic(String cidr) {
        return cidr.endsWith("/0") || !(NON_PUBLIC.contains(cidr) || cidr.equals("fc00::/7"));
    }

    private static boolean admits(List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule> ingress,
                                  String label) {
        return ingress.stream().flatMap(r -> r.getFrom().stream())
                .anyMatch(peer -> hasLabel(peer.getPodSelector(), label) || hasLabel(peer.getNamespaceSelector(), label));
    }

    /** The finops services a policy's pod selector picks (by name label or an In expression on it); every one for {}. */
    private static Set<String> selectedServices(LabelSelector s) {
        if (selectsEverything(s)) {
            return new TreeSet<>(Manifests.SERVICES);
        }
        Set<String> names = new TreeSet<>();
        if (s.getMatchLabels() != null && s.getMatchLabels().containsKey("app.kubernetes.io/name")) {
            names.add(s.getMatchLabels().get("app.kubernetes.io/name"));
        }
        if (s.getMatchExpressions() != null) {
            s.getMatchExpressions().stream()
                    .filter(e -> e.getKey().equals("app.kubernetes.io/name") && e.getOperator().equals("In"))
                    .forEach(e -> names.addAll(e.getValues()));
        }
        names.retainAll(Manifests.SERVICES);
        return names;
    }

    private static boolean selectsEverything(LabelSelector s) {
        return s != null && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    private static boolean hasLabel(LabelSelector s, String label) {
        return s != null && s.getMatchLabels() != null && "true".equals(s.getMatchLabels().get(label));
    }

    /** The finops services named by plain pod-selector peers (same namespace). */
    private static Set<String> services(Stream<NetworkPolicyPeer> peers) {
        Set<String> names = new TreeSet<>();
        peers.filter(peer -> peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null)
                .map(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
                .filter(Objects::nonNull)
                .forEach(names::add);
        return names;
    }
}
