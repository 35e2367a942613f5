package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each ServiceAccount may read only its own finops.dev kinds (in every namespace: a team's resources may live in the
 * team's namespace) and write their status, get namespaces (namespace → team), and get the Secrets its resources
 * reference, by name, in the suite's namespace.
 */
class RbacTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    private static final Map<String, Set<String>> OWN_KINDS = Map.of(
            "pricing-service", Set.of("modelprices", "routingpolicies"),
            "budget-service", Set.of("budgets", "alertchannels"),
            "anomaly-service", Set.of("agentbaselines", "anomalypolicies"),
            "cache-service", Set.of("cachepolicies"),
            "gateway-service", Set.of("llmproviders", "llmratelimits"));

    /** The services that read the Secrets their resources reference: alert channels' and providers' keys. */
    private static final Set<String> READ_SECRETS = Set.of("budget-service", "gateway-service");

    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> STATUS = Set.of("get", "update", "patch");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceAccountIsBoundOnlyToItsOwnKindsClusterWide(String overlay) {
        Manifests m = Manifests.of(overlay);
        Set<String> bound = new HashSet<>();
        for (ClusterRoleBinding binding : m.all(ClusterRoleBinding.class)) {
            if (binding.getRoleRef().getName().equals("finops-namespace-teams")) {
                continue;
            }
            assertEquals("ClusterRole", binding.getRoleRef().getKind());
            for (Subject s : subjects(binding.getSubjects(), binding.getMetadata().getName())) {
                assertTrue(bound.add(s.getName()), s.getName() + " is bound to its kinds more than once");
                assertOnlyOwnKinds(s.getName(), m.named(ClusterRole.class, binding.getRoleRef().getName()).getRules());
            }
        }
        assertEquals(OWN_KINDS.keySet(), bound, overlay + ": the services that watch resources, and only they, are bound");
        assertFalse(Boolean.TRUE.equals(m.named(ServiceAccount.class, "ingest-service").getAutomountServiceAccountToken()),
                "ingest-service watches nothing and gets no token");
        String watched = m.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith("finops-common"))
                .findFirst().orElseThrow().getData().get("FINOPS_KUBERNETES_NAMESPACE");
        assertEquals("*", watched, "the services watch every namespace, so teams' namespaces are reconciled");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theServicesThatReconcileResourcesMayGetNamespacesAndNothingMore(String overlay) {
        Manifests m = Manifests.of(overlay);
        ClusterRole role = m.named(ClusterRole.class, "finops-namespace-teams");
        assertEquals(1, role.getRules().size(), "one rule");
        PolicyRule rule = role.getRules().get(0);
        assertEquals(List.of(""), rule.getApiGroups());
        assertEquals(List.of("namespaces"), rule.getResources());
        assertEquals(List.of("get"), rule.getVerbs(), "get only: NamespaceTeams reads one namespace's labels");
        ClusterRoleBinding binding = m.named(ClusterRoleBinding.class, "finops-namespace-teams");
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        Set<String> accounts = subjects(binding.getSubjects(), "finops-namespace-teams").stream()
                .map(Subject::getName).collect(Collectors.toSet());
        assertEquals(OWN_KINDS.keySet(), accounts, "budget, cache, pricing, anomaly and gateway-service, not ingest");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void namespacedRolesOnlyReadTheReferencedSecretsByName(String overlay) {
        Manifests m = Manifests.of(overlay);
        Set<String> bound = new HashSet<>();
        for (RoleBinding binding : m.all(RoleBinding.class)) {
            assertEquals("Role", binding.getRoleRef().getKind(), binding.getMetadata().getName() + ": namespaced Role only");
            for (Subject s : binding.getSubjects()) {
                assertEquals("ServiceAccount", s.getKind());
                assertTrue(bound.add(s.getName()), s.getName() + " is bound more than once");
                for (PolicyRule rule : m.named(Role.class, binding.getRoleRef().getName()).getRules()) {
                    assertSecretsByName(s.getName(), rule);
                }
            }
        }
        assertEquals(READ_SECRETS, bound, overlay + ": only " + READ_SECRETS + " have a namespaced Role");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theKindsNamedExistAsCustomResourceDefinitions(String overlay) {
        Set<String> plurals = Manifests.of(overlay).all(CustomResourceDefinition.class).stream()
                .filter(crd -> crd.getSpec().getGroup().equals("finops.dev"))
                .map(crd -> crd.getSpec().getNames().getPlural()).collect(Collectors.toSet());
        assertEquals(OWN_KINDS.values().stream().flatMap(Set::stream).collect(Collectors.toSet()), plurals);
    }

    /** Subjects of a cluster-wide binding: ServiceAccounts of the suite's namespace. */
    private static List<Subject> subjects(List<Subject> subjects, String binding) {
        for (Subject s : subjects) {
            assertEquals("ServiceAccount", s.getKind(), binding);
            assertEquals("finops", s.getNamespace(), binding + ": " + s.getName() + " of the suite's namespace");
        }
        return subjects;
    }

    static void assertSecretsByName(String account, PolicyRule rule) {
        String where = account + " rule " + rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs();
        assertEquals(List.of(""), rule.getApiGroups(), where + ": only Secrets from the core group");
        assertEquals(List.of("secrets"), rule.getResources(), where + ": only Secrets");
        assertEquals(List.of("get"), rule.getVerbs(), where + ": Secrets are only read, by name");
        assertFalse(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), where + ": Secrets by name");
        assertTrue(READ_SECRETS.contains(account), where + ": only " + READ_SECRETS + " read Secrets");
        assertFalse(rule.getResourceNames().contains("finops-db") || rule.getResourceNames().contains("finops-keys"),
                where + ": never the suite's own credentials");
    }

    private static void assertOnlyOwnKinds(String account, List<PolicyRule> rules) {
        Set<String> own = OWN_KINDS.get(account);
        assertTrue(own != null, account + " has a ClusterRole but watches no finops.dev kind");
        Set<String> readable = new HashSet<>();
        Set<String> statusWritable = new HashSet<>();
        for (PolicyRule rule : rules) {
            String where = account + " rule " + rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs();
            assertFalse(rule.getResources().contains("*") || rule.getVerbs().contains("*") || rule.getApiGroups().contains("*"), where + ": wildcard");
            assertEquals(List.of("finops.dev"), rule.getApiGroups(), where + ": cluster-wide, only finops.dev kinds");
            for (String resource : rule.getResources()) {
                boolean status = resource.endsWith("/status");
                String kind = resource.replace("/status", "");
                assertTrue(own.contains(kind), where + ": " + kind + " belongs to another service");
                assertTrue((status ? STATUS : READ).containsAll(rule.getVerbs()), where + ": verbs beyond " + (status ? STATUS : READ));
                if (status && rule.getVerbs().containsAll(List.of("update", "patch"))) {
                    statusWritable.add(kind);
                } else if (!status && rule.getVerbs().containsAll(READ)) {
                    readable.add(kind);
                }
            }
        }
        assertEquals(own, readable, account + ": get/list/watch on its kinds");
        assertEquals(own, statusWritable, account + ": update/patch on their status");
    }
}
