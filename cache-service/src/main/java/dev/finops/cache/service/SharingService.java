package dev.finops.cache.service;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.cache.CacheSharing;
import dev.finops.cache.repository.SharingRepository;
import dev.finops.cache.rest.SharingRequest;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Sharing a team's entries of a namespace with other teams; every change is audited (kind {@code cache-sharing}). */
@ApplicationScoped
public class SharingService {

    static final String KIND = "cache-sharing";
    private static final int MAX_TEAMS = 1000;

    private final SharingRepository sharing;
    private final Pool pool;
    private final AuditTrail audit;

    public SharingService(SharingRepository sharing, Pool pool, AuditTrail audit) {
        this.sharing = sharing;
        this.pool = pool;
        this.audit = audit;
    }

    public Uni<List<CacheSharing>> list(String namespace, String team) {
        return sharing.list(namespace, team);
    }

    /** Sets who reads {@code ownerTeam}'s entries; no teams and not allTeams removes the sharing (answers null). */
    public Uni<CacheSharing> share(String namespace, SharingRequest r, Actor actor) {
        Prompts.requireNamespace(namespace);
        if (r == null) {
            throw ProblemException.badRequest("body", "send {ownerTeam, teams: [...]} or {ownerTeam, allTeams: true}");
        }
        String owner = team("ownerTeam", r.ownerTeam());
        List<String> teams = teams(owner, r.teams());
        boolean all = Boolean.TRUE.equals(r.allTeams());
        if (all && !teams.isEmpty()) {
            throw ProblemException.badRequest("teams", "leave teams out when allTeams is true");
        }
        return pool.withTransaction(tx -> sharing.find(tx, namespace, owner).chain(before -> all || !teams.isEmpty()
                ? sharing.save(tx, namespace, owner, teams, all).call(after -> record(tx, actor, "share", before, after))
                : remove(tx, namespace, owner, before, actor).replaceWith((CacheSharing) null)));
    }

    /** Answers whether there was a sharing. */
    public Uni<Boolean> unshare(String namespace, String ownerTeam, Actor actor) {
        Prompts.requireNamespace(namespace);
        String owner = team("ownerTeam", ownerTeam);
        return pool.withTransaction(tx -> sharing.find(tx, namespace, owner)
                .chain(before -> remove(tx, namespace, owner, before, actor)));
    }

    private Uni<Boolean> remove(SqlClient tx, String namespace, String owner, CacheSharing before, Actor actor) {
        if (before == null) {
            return Uni.createFrom().item(false);
        }
        return sharing.delete(tx, namespace, owner).call(() -> record(tx, actor, "unshare", before, null));
    }

    private Uni<Void> record(SqlClient tx, Actor actor, String action, CacheSharing before, CacheSharing after) {
        CacheSharing any = after != null ? after : before;
        return audit.record(tx, actor, new AuditTrail.Change(KIND, action, any.namespace(), any.ownerTeam(), before,
                after));
    }

    private static List<String> teams(String owner, List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_TEAMS) {
            throw ProblemException.badRequest("teams", "at most " + MAX_TEAMS + " teams; use allTeams: true");
        }
        LinkedHashSet<String> teams = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String t = team("teams[" + i + "]", requested.get(i));
            if (t.equals(owner)) {
                throw ProblemException.badRequest("teams[" + i + "]", "the owner team reads its own entries already");
            }
            teams.add(t);
        }
        return new ArrayList<>(teams);
    }

    private static String team(String field, String value) {
        return TeamScope.requireTeamId(field, value).trim();
    }
}
