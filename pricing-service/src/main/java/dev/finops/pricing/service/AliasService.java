package dev.finops.pricing.service;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.ModelAlias;
import dev.finops.pricing.error.Problems;
import dev.finops.pricing.repository.AliasRepository;
import dev.finops.pricing.repository.RevisionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alias changes: every alias must point at a model that has rates, so a name never resolves to nothing. */
@ApplicationScoped
public class AliasService {

    private final Pool pool;
    private final RevisionRepository revisions;
    private final AliasRepository aliases;
    private final RateBook book;
    private final ChangeWatcher watcher;
    private final AuditTrail audit;

    public AliasService(Pool pool, RevisionRepository revisions, AliasRepository aliases, RateBook book,
                        ChangeWatcher watcher, AuditTrail audit) {
        this.audit = audit;
        this.pool = pool;
        this.revisions = revisions;
        this.aliases = aliases;
        this.book = book;
        this.watcher = watcher;
    }

    /** Adds or re-points aliases, all or none; each one that changes is audited (kind "alias"). */
    public Uni<List<ModelAlias>> put(List<ModelAlias> changes, Actor actor) {
        Problems.throwIfAny(problems(changes));
        return pool.withTransaction(conn -> revisions.bump(conn, RevisionRepository.ALIASES)
                        .chain(() -> aliases.find(conn, changes.stream().map(ModelAlias::alias).toList()))
                        .flatMap(before -> aliases.upsert(conn, changes, false).chain(() -> audited(conn, actor,
                                changes, before))))
                .call(watcher::sync)
                .map(v -> book.aliases());
    }

    private Uni<Void> audited(SqlConnection conn, Actor actor, List<ModelAlias> changes, Map<String, ModelAlias> before) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ModelAlias after : changes) {
            ModelAlias old = before.get(after.alias());
            if (!after.equals(old)) {
                chain = chain.chain(() -> audit.record(conn, actor, new AuditTrail.Change("alias",
                        old == null ? "create" : "update", after.alias(), null, old, after)));
            }
        }
        return chain;
    }

    public Uni<Void> delete(String alias, Actor actor) {
        return pool.withTransaction(conn -> revisions.bump(conn, RevisionRepository.ALIASES)
                        .chain(() -> aliases.find(conn, List.of(alias)))
                        .flatMap(before -> !before.containsKey(alias) ? Uni.createFrom().item(false)
                                : aliases.delete(conn, alias).call(() -> audit.record(conn, actor,
                                        new AuditTrail.Change("alias", "delete", alias, null, before.get(alias), null)))))
                .invoke(found -> {
                    if (!found) {
                        throw new ProblemException(Response.Status.NOT_FOUND, "No alias '" + alias + "'.");
                    }
                })
                .call(watcher::sync).replaceWithVoid();
    }

    private List<FieldError> problems(List<ModelAlias> changes) {
        List<FieldError> errors = new ArrayList<>();
        if (changes == null || changes.isEmpty()) {
            errors.add(new FieldError("body", "send a non-empty array of {\"alias\": ..., \"modelId\": ...}"));
            return errors;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            ModelAlias a = changes.get(i);
            String at = "[" + i + "].";
            if (a == null) {
                errors.add(new FieldError("[" + i + "]", "must be an object", i));
                continue;
            }
            if (a.alias() == null || a.alias().isBlank() || a.alias().length() > RateInput.MAX_ID) {
                errors.add(new FieldError(at + "alias", "is required: a non-empty name of at most " + RateInput.MAX_ID
                        + " characters", i));
            } else if (!seen.add(a.alias())) {
                errors.add(new FieldError(at + "alias", "appears twice in this request", i));
            }
            if (a.modelId() == null || a.modelId().isBlank()) {
                errors.add(new FieldError(at + "modelId", "is required", i));
            } else if (book.history(a.modelId()).isEmpty()) {
                errors.add(new FieldError(at + "modelId", "unknown model '" + a.modelId()
                        + "': an alias must point at a model id that has rates", i));
            } else if (a.modelId().equals(a.alias())) {
                errors.add(new FieldError(at + "alias", "must differ from modelId", i));
            }
        }
        return errors;
    }
}
