package dev.finops.kubernetes;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.finops.http.auth.TeamScope;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Map;

/**
 * Kubernetes namespace → team: a namespace labelled {@code finops.dev/team: <team>} belongs to that team, and the
 * resources in it act inside the team exactly as that team's keys do (a spec naming another team is Invalid). An
 * unlabelled namespace (the platform's own, e.g. {@code finops}) has org scope. Read when a resource is reconciled,
 * on the reconciler thread; labels are cached for a short while.
 */
@ApplicationScoped
public class NamespaceTeams {

    public static final String TEAM_LABEL = "finops.dev/team";

    private final Instance<KubernetesClient> clients;
    private final LoadingCache<String, TeamScope> scopes = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build(this::load);

    public NamespaceTeams(Instance<KubernetesClient> clients) {
        this.clients = clients;
    }

    /** The scope a resource in {@code namespace} acts in. */
    public TeamScope scopeOf(String namespace) {
        return scopes.get(namespace);
    }

    private TeamScope load(String namespace) {
        Namespace found = clients.get().namespaces().withName(namespace).get();
        Map<String, String> labels = found == null ? null : found.getMetadata().getLabels();
        return TeamScope.of(labels == null ? null : labels.get(TEAM_LABEL));
    }
}
