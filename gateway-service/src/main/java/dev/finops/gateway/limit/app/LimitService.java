package dev.finops.gateway.limit.app;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.limit.store.LimitRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Rate limit definitions, for the admin API and the Kubernetes reconciler. A change takes effect on this replica when
 * the call completes and on the others within {@code finops.gateway.limits.refresh}, and is written to the audit
 * trail (kind {@code rate-limit}; a team's limit under that team) in its own transaction.
 */
@ApplicationScoped
public class LimitService {

    static final int MAX_ID = 256;
    static final String KIND = "rate-limit";

    private final LimitRepository repository;
    private final LimitBook book;
    private final Pool pool;
    private final AuditTrail audit;

    public LimitService(LimitRepository repository, LimitBook book, Pool pool, AuditTrail audit) {
        this.repository = repository;
        this.book = book;
        this.pool = pool;
        this.audit = audit;
    }

    /** Creates or replaces the limit of one key (by key id), team or agent; {@code source}: "api" or the resource. */
    public Uni<RateLimit> put(LimitScope scope, String id, LimitSpec spec, String source, Actor actor) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id, spec);
            String from = source == null || source.isBlank() ? "api" : source;
            return pool.withTransaction(tx -> repository.find(tx, scope, id).chain(before -> repository.save(tx, scope,
                            id, spec.requestsPerMinute(), spec.tokensPerMinute(), from)
                            .call(after -> record(tx, actor, before == null ? "create" : "update", before, after))))
                    .call(book::refresh);
        });
    }

    /** Answers whether there was such a limit. */
    public Uni<Boolean> delete(LimitScope scope, String id, Actor actor) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id);
            return pool.withTransaction(tx -> repository.find(tx, scope, id).chain(before -> before == null
                            ? Uni.createFrom().item(false)
                            : repository.delete(tx, scope, id).call(() -> record(tx, actor, "delete", before, null))))
                    .call(deleted -> deleted ? book.refresh() : Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> record(SqlClient tx, Actor actor, String action, RateLimit before, RateLimit after) {
        RateLimit any = after != null ? after : before;
        String team = any.scope() == LimitScope.TEAM ? any.id() : null;
        return audit.record(tx, actor, new AuditTrail.Change(KIND, action, any.scope().wire() + "/" + any.id(), team,
                audited(before), audited(after)));
    }

    private static Map<String, Object> audited(RateLimit l) {
        if (l == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", l.scope().wire());
        m.put("id", l.id());
        m.put("requestsPerMinute", l.requestsPerMinute());
        m.put("tokensPerMinute", l.tokensPerMinute());
        m.put("source", l.source());
        return m;
    }

    /** The admin API may not change a limit an LLMRateLimit resource owns: a conflict naming the resource. */
    public Uni<Void> refuseIfManaged(LimitScope scope, String id) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id);
            return repository.find(scope, id).invoke(existing -> {
                if (existing != null && !"api".equals(existing.source())) {
                    throw new GatewayException(GatewayException.Kind.CONFLICT, "id", "the rate limit of " + scope.wire()
                            + " '" + id + "' is managed by " + existing.source() + ": change or delete that resource");
                }
            }).replaceWithVoid();
        });
    }

    public Uni<List<RateLimit>> list() {
        return repository.all();
    }

    /** The limit, or NOT_FOUND. */
    public Uni<RateLimit> get(LimitScope scope, String id) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id);
            return repository.find(scope, id).onItem().ifNull().failWith(() -> new GatewayException(
                    GatewayException.Kind.NOT_FOUND, null, "There is no rate limit for " + scope.wire() + " '" + id
                    + "'."));
        });
    }

    private static void validate(LimitScope scope, String id, LimitSpec spec) {
        validate(scope, id);
        if (spec == null) {
            throw GatewayException.invalid("body", "send {requestsPerMinute, tokensPerMinute}");
        }
        positive("requestsPerMinute", spec.requestsPerMinute());
        positive("tokensPerMinute", spec.tokensPerMinute());
        if (spec.requestsPerMinute() == null && spec.tokensPerMinute() == null) {
            throw GatewayException.invalid("requestsPerMinute",
                    "set requestsPerMinute, tokensPerMinute or both (null = no limit of that kind, but not both null)");
        }
    }

    private static void validate(LimitScope scope, String id) {
        if (scope == null) {
            throw GatewayException.invalid("scope", "must be one of key, team, agent");
        }
        if (id == null || id.isBlank() || id.length() > MAX_ID) {
            throw GatewayException.invalid("id", "must be a non-empty id of at most " + MAX_ID + " characters");
        }
    }

    private static void positive(String field, Long value) {
        if (value != null && value <= 0) {
            throw GatewayException.invalid(field, "must be greater than 0, or null for no limit of that kind");
        }
    }
}
