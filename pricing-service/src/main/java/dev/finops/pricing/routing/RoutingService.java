package dev.finops.pricing.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.http.problem.ProblemException;
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

    /** Creates or replaces the policy of a scope; a bad condition is refused before anything is stored. */
    public Uni<RoutingPolicy> put(String scope, String scopeId, RoutingPolicy body) {
        RoutingPolicy policy = body.withScope(scope, scopeId, null);
        compiler.compile(policy);
        String document = toJson(new RoutingPolicy(null, null, policy.defaultModel(), policy.rules(),
                policy.allowedModels(), null));
        return pool.withTransaction(conn -> revisions.bump(conn, RevisionRepository.POLICIES)
                        .chain(() -> repository.upsert(conn, scope, scopeId, document)))
                .call(watcher::sync)
                .map(v -> get(scope, scopeId));
    }

    public Uni<Void> delete(String scope, String scopeId) {
        return pool.withTransaction(conn -> revisions.bump(conn, RevisionRepository.POLICIES)
                        .chain(() -> repository.delete(conn, scope, scopeId)))
                .invoke(found -> {
                    if (!found) {
                        throw notFound(scope, scopeId);
                    }
                })
                .call(watcher::sync).replaceWithVoid();
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
