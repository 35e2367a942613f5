package dev.finops.budget.kubernetes;

import dev.finops.budget.rest.ChannelRequest;
import dev.finops.budget.service.ChannelService;
import dev.finops.kubernetes.KubernetesSecrets;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.AlertChannel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * AlertChannel resources → alert channels, through the same validation as {@code POST /api/v1/alert-channels}.
 * The signing secret or routing key ({@code secretRef}) and a secret URL ({@code urlSecretRef}) are read from
 * Secrets of the resource's namespace; after rotating one, touch the resource (e.g. an annotation) to re-apply.
 * A channel in a team's namespace ({@link NamespaceTeams}) is that team's, as if its team-admin had created it.
 */
@ApplicationScoped
public class AlertChannelReconciler implements ResourceReconciler<AlertChannel> {

    private final ChannelService channels;
    private final KubernetesSecrets secrets;
    private final NamespaceTeams teams;

    public AlertChannelReconciler(ChannelService channels, KubernetesSecrets secrets, NamespaceTeams teams) {
        this.channels = channels;
        this.secrets = secrets;
        this.teams = teams;
    }

    @Override
    public Class<AlertChannel> kind() {
        return AlertChannel.class;
    }

    @Override
    public Uni<String> apply(AlertChannel resource, ResourceOwner owner) {
        AlertChannel.Spec s = resource.getSpec();
        String namespace = resource.getMetadata().getNamespace();
        String url = s.urlSecretRef() == null ? s.url() : secrets.read(namespace, s.urlSecretRef(), "urlSecretRef");
        ChannelRequest request = new ChannelRequest(s.name() == null ? resource.getMetadata().getName() : s.name(),
                s.type(), url, secrets.read(namespace, s.secretRef(), "secretRef"), s.emailTo(), s.minSeverity(),
                s.alertTypes(), s.enabled(), null, null);
        return channels.apply(request, owner, teams.scopeOf(namespace)).map(Object::toString);
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return channels.removeOwned(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return channels.owners();
    }
}
