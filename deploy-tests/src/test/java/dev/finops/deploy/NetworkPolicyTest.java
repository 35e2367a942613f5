package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Default deny, and service-to-service traffic exactly where the REST clients call. */
class NetworkPolicyTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    /** Who calls whom (the @RegisterRestClient interfaces and finops.auth.ingest-url of each service). */
    private static final Map<String, Set<String>> CALLS = Map.of(
            "ingest-service", Set.of("pricing-service", "budget-service", "cache-service"),
            "pricing-service", Set.of("ingest-service"),
            "budget-service", Set.of("ingest-service", "pricing-service"),
            "anomaly-service", Set.of("ingest-service", "budget-service"),
            "cache-service", Set.of("ingest-service", "pricing-service"));

    /** The services LLM workloads use: ingest (usage), pricing (routing), budget (checks), cache (lookups). */
    private static final Set<String> WORKLOAD_FACING = Set.of("ingest-service", "pricing-service", "budget-service", "cache-service");

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
    void workloadsReachTheFourServicesTheyUseAndPrometheusScrapesAll(String overlay) {
        for (String service : Manifests.SERVICES) {
            var ingress = Manifests.of(overlay).named(NetworkPolicy.class, service).getSpec().getIngress();
            boolean workloads = ingress.stream().flatMap(r -> r.getFrom().stream())
                    .anyMatch(peer -> hasLabel(peer.getPodSelector(), "finops.dev/workload") || hasLabel(peer.getNamespaceSelector(), "finops.dev/workload"));
            assertEquals(WORKLOAD_FACING.contains(service), workloads, overlay + ": workloads reach " + service);
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
