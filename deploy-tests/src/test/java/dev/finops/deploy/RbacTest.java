package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
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

/** Each ServiceAccount may read only its own finops.dev kinds, write their status, and get referenced Secrets. */
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
    void everyServiceAccountIsBoundOnlyToItsOwnKinds(String overlay) {
        Manifests m = Manifests.of(overlay);
        Set<String> bound = new HashSet<>();
        for (RoleBinding binding : m.all(RoleBinding.class)) {
            assertEquals("Role", binding.getRoleRef().getKind(), binding.getMetadata().getName() + ": namespaced Role only");
            for (Subject s : binding.getSubjects()) {
                assertEquals("ServiceAccount", s.getKind());
                assertTrue(bound.add(s.getName()), s.getName() + " is bound more than once");
                assertOnlyOwnKinds(s.getName(), m.named(Role.class, binding.getRoleRef().getName()));
            }
        }
        assertEquals(OWN_KINDS.keySet(), bound, overlay + ": the services that watch resources, and only they, are bound");
        assertFalse(Boolean.TRUE.equals(m.named(ServiceAccount.class, "ingest-service").getAutomountServiceAccountToken()),
                "ingest-service watches nothing and gets no token");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theKindsNamedExistAsCustomResourceDefinitions(String overlay) {
        Set<String> plurals = Manifests.of(overlay).all(CustomResourceDefinition.class).stream()
                .filter(crd -> crd.getSpec().getGroup().equals("finops.dev"))
                .map(crd -> crd.getSpec().getNames().getPlural()).collect(Collectors.toSet());
        assertEquals(OWN_KINDS.values().stream().flatMap(Set::stream).collect(Collectors.toSet()), plurals);
    }

    private static void assertOnlyOwnKinds(String account, Role role) {
        Set<String> own = OWN_KINDS.get(account);
        assertTrue(own != null, account + " has a Role but watches no finops.dev kind");
        Set<String> readable = new HashSet<>();
        Set<String> statusWritable = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            String where = account + " rule " + rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs();
            assertFalse(rule.getResources().contains("*") || rule.getVerbs().contains("*") || rule.getApiGroups().contains("*"), where + ": wildcard");
            if (rule.getApiGroups().equals(List.of(""))) {
                assertEquals(List.of("secrets"), rule.getResources(), where + ": only Secrets from the core group");
                assertEquals(List.of("get"), rule.getVerbs(), where + ": Secrets are only read, by name");
                assertFalse(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), where + ": Secrets by name");
                assertTrue(READ_SECRETS.contains(account), where + ": only " + READ_SECRETS + " read Secrets");
                assertFalse(rule.getResourceNames().contains("finops-db") || rule.getResourceNames().contains("finops-keys"),
                        where + ": never the suite's own credentials");
                continue;
            }
            assertEquals(List.of("finops.dev"), rule.getApiGroups(), where);
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
