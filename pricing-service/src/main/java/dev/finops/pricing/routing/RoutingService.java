package dev.finops.pricing.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.pricing.repository.PolicyRepository;
import dev.finops.pricing.repository.RevisionRepository;
import dev.finops.pricing.service.ChangeWatcher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Routing policy CRUD: checked and compiled before they are stored, then visible on every replica. Every change is
 * written to the audit trail (kind "policy") in its own transaction. A team's policy belongs to that team: other
 * teams' keys do not see it; the global and agents' policies apply to whoever sends the agent, so every key sees them.
 */
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
    private final AuditTrail audit;

    public RoutingService(Pool pool, RevisionRepository revisions, PolicyRepository repository, PolicyCompiler compiler,
                          PolicyBook book, ChangeWatcher watcher, ObjectMapper json, AuditTrail audit) {
        this.audit = audit;
        this.pool = pool;
        this.revisions = revisions;
        this.repository = repository;
        this.compiler = compiler;
        this.book = book;
        this.watcher = watcher;
        this.json = json;
    }

    /** The policies a caller may see: every one but other teams' team policies. */
    public List<RoutingPolicy> list(TeamScope caller) {
        return book.all().stream().filter(p -> visible(caller, p.scope(), p.scopeId())).toList();
    }

    /** A policy; another team's team policy is answered as absent (404). */
    /** A team policy's path names the team: a key of another team gets 403 naming its own (decision 0019). */
    public RoutingPolicy get(String scope, String scopeId, TeamScope caller) {
        if ("team".equals(scope)) {
            caller.resolve("scopeId", scopeId);
        }
        return book.get(scope, scopeId).map(CompiledPolicy::policy).orElseThrow(() -> notFound(scope, scopeId));
    }

    private static boolean visible(TeamScope caller, String scope, String scopeId) {
        return !"team".equals(scope) || caller.permits(scopeId);
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
    public Uni<RoutingPolicy> put(String scope, String scopeId, RoutingPolicy body, Actor actor) {
        String document = document(body, scope, scopeId);
        return pool.withTransaction(conn -> OWNER.refuseIfManaged(conn, what(scope, scopeId), scope, scopeId)
                        .chain(() -> revisions.bump(conn, RevisionRepository.POLICIES))
                        .chain(() -> upsert(conn, scope, scopeId, document, actor)))
                .call(watcher::sync)
                .map(v -> get(scope, scopeId, TeamScope.org()));
    }

    public Uni<Void> delete(String scope, String scopeId, Actor actor) {
        return pool.withTransaction(conn -> OWNER.refuseIfManaged(conn, what(scope, scopeId), scope, scopeId)
                        .chain(() -> revisions.bump(conn, RevisionRepository.POLICIES))
                        .chain(() -> delete(conn, scope, scopeId, actor)))
                .invoke(found -> {
                    if (!found) {
                        throw notFound(scope, scopeId);
                    }
                })
                .call(watcher::sync).replaceWithVoid();
    }

    /** Stores a policy document and records the change with the document before and after. */
    private Uni<Void> upsert(SqlConnection conn, String scope, String scopeId, String document, Actor actor) {
        return repository.find(conn, scope, scopeId).flatMap(before -> repository.upsert(conn, scope, scopeId, document)
                .chain(() -> audit.record(conn, actor, change(before.isEmpty() ? "create" : "update", scope, scopeId,
                        before.map(this::tree).orElse(null), tree(document)))));
    }

    private Uni<Boolean> delete(SqlConnection conn, String scope, String scopeId, Actor actor) {
        return repository.find(conn, scope, scopeId).flatMap(before -> before.isEmpty() ? Uni.createFrom().item(false)
                : repository.delete(conn, scope, scopeId).call(() -> audit.record(conn, actor,
                        change("delete", scope, scopeId, tree(before.get()), null))));
    }

    private static AuditTrail.Change change(String action, String scope, String scopeId, JsonNode before,
                                            JsonNode after) {
        return new AuditTrail.Change("policy", action, scopeId.isEmpty() ? scope : scope + "/" + scopeId,
                "team".equals(scope) ? scopeId : null, before, after);
    }

    private JsonNode tree(String document) {
        try {
            return json.readTree(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates or replaces the policy a RoutingPolicy resource describes, checked as PUT checks it. A policy of the
     * scope that the REST API or another resource created is left alone (409); a scope the resource left is freed.
     * Policies are org configuration: a resource in a team's namespace ({@code namespace}, e.g. from
     * NamespaceTeams) may only describe that team's own policy (scope team, scopeId the team); anything else there
     * would route other teams' requests and is Invalid.
     */
    public Uni<RoutingPolicy> applyResource(String scope, String scopeId, RoutingPolicy body, ResourceOwner owner,
                                            TeamScope namespace) {
        scope(scope, scopeId);
        if (!namespace.orgWide() && !("team".equals(scope) && namespace.permits(scopeId))) {
            String team = namespace.team().orElseThrow();
            throw ProblemException.badRequest("spec.scope", "a RoutingPolicy in the namespace of team '" + team
                    + "' may only be that team's policy (scope: team, scopeId: " + team + "); global and agent "
                    + "policies belong in an org namespace");
        }
        String document = document(body, scope, scopeId);
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(conn -> OWNER.ownedBy(conn, owner)
                        .call(mine -> mine.isEmpty() || (mine.get().getString(0).equals(scope)
                                && mine.get().getString(1).equals(scopeId)) ? Uni.createFrom().voidItem()
                                : delete(conn, mine.get().getString(0), mine.get().getString(1), actor))
                        .chain(() -> OWNER.claim(conn, owner, what(scope, scopeId), scope, scopeId))
                        .chain(() -> revisions.bump(conn, RevisionRepository.POLICIES))
                        .chain(() -> upsert(conn, scope, scopeId, document, actor))
                        .chain(() -> OWNER.own(conn, owner, scope, scopeId)))
                .call(watcher::sync)
                .map(v -> get(scope, scopeId, TeamScope.org()));
    }

    /** Deletes the policy a resource created, if any. */
    public Uni<Void> removeResource(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(conn -> OWNER.ownedBy(conn, owner).flatMap(mine -> mine.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : revisions.bump(conn, RevisionRepository.POLICIES).chain(() -> delete(conn,
                                mine.get().getString(0), mine.get().getString(1), actor)).replaceWithVoid()))
                .call(watcher::sync);
    }

    public Uni<List<ResourceOwner>> resourceOwners() {
        return OWNER.owners(pool);
    }

    private String document(RoutingPolicy body, String scope, String scopeId) {
        RoutingPolicy policy = body.withScope(scope, scopeId, null);
        compiler.compile(policy);
        return toJson(new RoutingPolicy(null, null, policy.defaultModel(), policy.rules(), policy.allowedModels(),
                policy.allowUpgrade(), null));
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
