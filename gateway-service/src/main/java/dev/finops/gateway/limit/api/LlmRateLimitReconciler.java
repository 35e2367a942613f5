package dev.finops.gateway.limit.api;

import dev.finops.audit.Actor;
import dev.finops.gateway.config.OrgResources;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayProblems;
import dev.finops.gateway.limit.app.LimitScope;
import dev.finops.gateway.limit.app.LimitService;
import dev.finops.gateway.limit.app.LimitSpec;
import dev.finops.gateway.limit.app.RateLimit;
import dev.finops.kubernetes.Ownership;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.LlmRateLimit;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * LLMRateLimit resources → the limit of one (scope, id). A limit's {@code source} is the owning resource
 * ({@code "LLMRateLimit namespace/name"}), which is how removal and the orphan check find what a resource set:
 * deleting the resource deletes its (scope, id); a resource whose (scope, id) changed first deletes its old one.
 * A limit that the REST API or another resource set is left alone and the resource is Invalid (Conflict).
 */
@ApplicationScoped
public class LlmRateLimitReconciler implements ResourceReconciler<LlmRateLimit> {

    private static final String KIND = "LLMRateLimit";

    private final LimitService limits;
    private final OrgResources org;

    public LlmRateLimitReconciler(LimitService limits, OrgResources org) {
        this.limits = limits;
        this.org = org;
    }

    @Override
    public Class<LlmRateLimit> kind() {
        return LlmRateLimit.class;
    }

    @Override
    public Uni<String> apply(LlmRateLimit resource, ResourceOwner owner) {
        LlmRateLimit.Spec s = resource.getSpec();
        org.require(owner);
        return Uni.createFrom().deferred(() -> {
                    LimitScope scope = scope(s.scope());
                    String source = owner.toString();
                    return limits.list().call(all -> claim(all, scope, s.id(), source))
                            .call(all -> deleteOthers(all, scope, s.id(), owner))
                            .chain(() -> limits.put(scope, s.id(), new LimitSpec(s.requestsPerMinute(),
                                    s.tokensPerMinute()), source, actor(owner)));
                })
                .map(limit -> limit.scope().name().toLowerCase(Locale.ROOT) + ":" + limit.id())
                .onFailure(GatewayException.class).transform(e -> GatewayProblems.forResource((GatewayException) e));
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return limits.list().call(all -> deleteOthers(all, null, null, owner)).replaceWithVoid();
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return limits.list().map(all -> all.stream().map(RateLimit::source).filter(LlmRateLimitReconciler::isResource)
                .distinct().map(ResourceOwner::parse).toList());
    }

    /** The limit of (scope, id) may be set by this resource only if it is new or already this resource's. */
    private static Uni<Void> claim(List<RateLimit> all, LimitScope scope, String id, String source) {
        all.stream().filter(l -> l.scope() == scope && l.id().equals(id)).findFirst().ifPresent(existing ->
                Ownership.claim(true, isResource(existing.source()) ? existing.source() : null, source,
                        "the " + scope.name().toLowerCase(Locale.ROOT) + " rate limit of '" + id + "'"));
        return Uni.createFrom().voidItem();
    }

    /** Deletes the limits this source set, except (keepScope, keepId). */
    private Uni<Void> deleteOthers(List<RateLimit> all, LimitScope keepScope, String keepId, ResourceOwner owner) {
        String source = owner.toString();
        List<RateLimit> stale = all.stream().filter(l -> source.equals(l.source()))
                .filter(l -> l.scope() != keepScope || !Objects.equals(l.id(), keepId)).toList();
        return Multi.createFrom().iterable(stale)
                .onItem().transformToUniAndConcatenate(l -> limits.delete(l.scope(), l.id(), actor(owner)))
                .collect().last().replaceWithVoid();
    }

    private static LimitScope scope(String scope) {
        try {
            return LimitScope.valueOf(scope.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw GatewayException.invalid("scope", "must be key, team or agent");
        }
    }

    private static Actor actor(ResourceOwner owner) {
        return Actor.resource(owner.namespace(), owner.name());
    }

    private static boolean isResource(String source) {
        return source != null && source.startsWith(KIND + " ") && source.indexOf('/') > 0;
    }
}
