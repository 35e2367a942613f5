package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * k8s/teams/research: a namespace labelled with its team, whose ServiceAccount manages the team's Budgets,
 * AlertChannels, CachePolicies and baselines there and nothing else; budget-service may read the Secret research's
 * channels reference, by name.
 */
class TeamExampleTest {

    private static final String DIR = "k8s/teams/research";
    private static final Set<String> TEAM_KINDS = Set.of("budgets", "alertchannels", "cachepolicies", "agentbaselines",
            "anomalypolicies");
    private static final Set<String> MANAGE = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    private final Manifests team = Manifests.ofDir(DIR);

    @Test
    void theNamespaceIsLabelledWithItsTeamAndEverythingElseLivesInIt() {
        Namespace ns = team.named(Namespace.class, "research");
        assertEquals("research", ns.getMetadata().getLabels().get("finops.dev/team"), "the label NamespaceTeams reads");
        for (HasMetadata o : team.objects()) {
            if (!(o instanceof Namespace)) {
                assertEquals("research", o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
            }
        }
        assertTrue(team.all(ClusterRole.class).isEmpty() && team.all(ClusterRoleBinding.class).isEmpty(),
                "a team gets nothing cluster-wide");
    }

    @Test
    void theTeamsAccountManagesOnlyItsTeamsKindsInItsNamespace() {
        ServiceAccount account = team.named(ServiceAccount.class, "research-finops");
        RoleBinding binding = team.named(RoleBinding.class, "research-finops");
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(List.of(account.getMetadata().getName()), binding.getSubjects().stream().map(Subject::getName).toList());
        assertEquals("research", binding.getSubjects().get(0).getNamespace());
        Set<String> managed = new HashSet<>();
        for (PolicyRule rule : team.named(Role.class, binding.getRoleRef().getName()).getRules()) {
            String where = rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs();
            assertEquals(List.of("finops.dev"), rule.getApiGroups(), where + ": only finops.dev kinds");
            assertFalse(rule.getResources().contains("*") || rule.getVerbs().contains("*"), where + ": wildcard");
            for (String resource : rule.getResources()) {
                if (resource.endsWith("/status")) {
                    assertEquals(List.of("get"), rule.getVerbs(), where + ": the services write status, the team reads it");
                    assertTrue(TEAM_KINDS.contains(resource.replace("/status", "")), where);
                } else {
                    assertTrue(TEAM_KINDS.contains(resource), where + ": " + resource + " is the platform team's");
                    assertEquals(MANAGE, Set.copyOf(rule.getVerbs()), where);
                    managed.add(resource);
                }
            }
        }
        assertEquals(TEAM_KINDS, managed);
    }

    @Test
    void budgetServiceReadsOnlyTheNamedSecretOfResearchsChannels() {
        RoleBinding binding = team.named(RoleBinding.class, "finops-budget-service");
        Subject s = binding.getSubjects().get(0);
        assertEquals(1, binding.getSubjects().size());
        assertEquals("budget-service", s.getName());
        assertEquals("finops", s.getNamespace(), "the service's account, in the suite's namespace");
        for (PolicyRule rule : team.named(Role.class, binding.getRoleRef().getName()).getRules()) {
            RbacTest.assertSecretsByName("budget-service", rule);
        }
        assertEquals(Set.of("research-finops", "finops-budget-service"), Set.copyOf(team.all(RoleBinding.class).stream()
                .map(b -> b.getMetadata().getName()).toList()));
    }
}
