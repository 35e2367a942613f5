package dev.finops.pricing.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.pricing.repository.PolicyRepository;
import dev.finops.pricing.repository.RevisionRepository;
import dev.finops.pricing.service.ChangeWatcher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Routing policy CRUD: checked and compiled before they are stored, then visible on every replica. */
@ApplicationScoped
public class RoutingService {

    public static final Set<String> SCOPES = Set.of("global", "team", "agent");
    private static final OwnerColumn OWNER = new OwnerColumn("routing_policies", "scope", "scope_id");

    private final Pool pool;
    private final RevisionRepository revisions;
    private final PolicyRepository repository;
    private final PolicyCompiler compiler;
    private final PolicyBook book;
    private final ChangeWatcher watcher;
    private final ObjectMapper json;

    public RoutingService(Pool pool, RevisionRepository revisions, PolicyRepository repository, PolicyCompiler compiler,
                          PolicyBook book, ChangeWatcher watcher, ObjectMapper json) {
        this.pool = pool;
        this.revisions = revisions;
        this.repository = repository;
        this.compiler = compiler;
        this.book = book;
        this.watcher = watcher;
        this.json = json;
    }

    public List<RoutingPolicy> list() {
        return book.all();
    }

    public RoutingPolicy get(String scope, String scopeId) {
        return book.get(scope, scopeId).map(CompiledPolicy::policy).orElseThrow(() -> notFound(scope, scopeId));
    }

    /** Checks a scope and its id as the REST paths give them: global has none, team and agent need one. */
    public static String scope(String scope, String scopeId) {
        boolean global = "global".equals(scope);
        if (!SCOPES.contains(scope)) {
            throw ProblemException.badRequest("scope", "must be global, team or agent");
        }
        if (global != scopeId.isEmpty()) {
            throw ProblemException.badRequest("scopeId", global ? "the global policy has no id"
                    : "a " + scope + " policy needs the " + scope + " id: /api/v1/routing/policies/" + scope + "/{id}");
        }
        if (scopeId.length() > 200) {
            throw ProblemException.badRequest("scopeId", "must be at most 200 characters");
        }
        return scope;
    }

    /** Creates or replaces the policy of a scope; a bad condition is refused before anything is stored. */
    public Uni<RoutingPolicy> put(String scope, String scopeId, RoutingPolicy body) {
        String document = document(body, scope, scopeId);
        return pool.withTransaction(conn -> OWNER.refuseIfManaged(conn, what(scope, scopeId), scope, scopeId)
                        .chain(() -> revisions.bump(conn, RevisionRepository.POLICIES))
                        .chain(() -> repository.upsert(conn, scope, scopeId, document)))
                .call(watcher::sync)
                .map(v -> get(scope, scopeId));
    }

    public Uni<Void> delete(String scope, String scopeId) {
        return pool.withTransaction(conn -> OWNER.refuseIfManaged(conn, what(scope, scopeId), scope, scopeId)
                        .chain(() -> revisions.bump(conn, RevisionRepository.POLICIES))
                        .chain(() -> repository.delete(conn, scope, scopeId)))
                .invoke(found -> {
                    if (!found) {
                        throw notFound(scope, scopeId);
                    }
                })
                .call(watcher::sync).replaceWithVoid();
    }

    /**
     * Creates or replaces the policy a RoutingPolicy resource describes, checked as PUT checks it. A policy of the
     * scope that the REST API or another resource created is left alone (409); a scope the resource left is freed.
     */
    public Uni<RoutingPolicy> applyResource(String scope, String scopeId, RoutingPolicy body, ResourceOwner owner) {
        scope(scope, scopeId);
        String document = document(body, scope, scopeId);
        return pool.withTransaction(conn -> OWNER.ownedBy(conn, owner)
                        .call(mine -> mine.isEmpty() || (mine.get().getString(0).equals(scope)
                                && mine.get().getString(1).equals(scopeId)) ? Uni.createFrom().voidItem()
                                : repository.delete(conn, mine.get().getString(0), mine.get().getString(1)))
                        .chain(() -> OWNER.claim(conn, owner, what(scope, scopeId), scope, scopeId))
                        .chain(() -> revisions.bump(conn, RevisionRepository.POLICIES))
                        .chain(() -> repository.upsert(conn, scope, scopeId, document))
                        .chain(() -> OWNER.own(conn, owner, scope, scopeId)))
                .call(watcher::sync)
                .map(v -> get(scope, scopeId));
    }

    /** Deletes the policy a resource created, if any. */
    public Uni<Void> removeResource(ResourceOwner owner) {
        return pool.withTransaction(conn -> OWNER.ownedBy(conn, owner).flatMap(mine -> mine.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : revisions.bump(conn, RevisionRepository.POLICIES).chain(() -> repository.delete(conn,
                                mine.get().getString(0), mine.get().getString(1))).replaceWithVoid()))
                .call(watcher::sync);
    }

    public Uni<List<ResourceOwner>> resourceOwners() {
        return OWNER.owners(pool);
    }

    private String document(RoutingPolicy body, String scope, String scopeId) {
        RoutingPolicy policy = body.withScope(scope, scopeId, null);
        compiler.compile(policy);
        return toJson(new RoutingPolicy(null, null, policy.defaultModel(), policy.rules(), policy.allowedModels(), null));
    }

    private static String what(String scope, String scopeId) {
        return "the routing policy of " + scope + (scopeId.isEmpty() ? "" : " '" + scopeId + "'");
    }

    private String toJson(RoutingPolicy policy) {
        try {
            return json.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException notFound(String scope, String scopeId) {
        return new ProblemException(Response.Status.NOT_FOUND, "No routing policy for " + scope
                + (scopeId.isEmpty() ? "" : " '" + scopeId + "'") + ".");
    }
}
