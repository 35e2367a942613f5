package dev.finops.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.repository.QuarantineRepository;
import dev.finops.ingest.repository.QuarantineRepository.Held;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Lists, releases and discards quarantined events; every resolution is audited (kind "quarantine"). */
@ApplicationScoped
public class QuarantineService {

    /** The answer to a release: the held event as it was and the answer of its ingestion. */
    public record Released(Held held, IngestedEvent event) {
    }

    private final Pool pool;
    private final QuarantineRepository repository;
    private final UsageIngestService ingest;
    private final AuditTrail audit;
    private final ObjectMapper json;

    public QuarantineService(Pool pool, QuarantineRepository repository, UsageIngestService ingest, AuditTrail audit,
                             ObjectMapper json) {
        this.pool = pool;
        this.repository = repository;
        this.ingest = ingest;
        this.audit = audit;
        this.json = json;
    }

    public Uni<List<Held>> waiting(TeamScope scope, String teamId, int limit) {
        String team = scope.resolve("teamId", teamId);
        return repository.waiting(pool, team, limit);
    }

    /** Ingests the held event as if it had been within the ceilings (same eventId: a replay stays a replay). */
    public Uni<Released> release(Actor actor, String eventId, String teamId) {
        return pool.withTransaction(tx -> waitingOne(tx, eventId, teamId)
                .chain(held -> ingest.storeReleased(List.of(read(held)))
                        .chain(answers -> resolve(tx, actor, held, "released")
                                .replaceWith(new Released(held, answers.get(0))))));
    }

    public Uni<Held> discard(Actor actor, String eventId, String teamId) {
        return pool.withTransaction(tx -> waitingOne(tx, eventId, teamId)
                .chain(held -> resolve(tx, actor, held, "discarded")));
    }

    private Uni<Held> resolve(SqlClient tx, Actor actor, Held held, String resolution) {
        return repository.resolve(tx, held.teamId(), held.eventId(), resolution, actor.name())
                .map(r -> r.orElseThrow(() -> conflict(held.eventId())))
                .call(after -> audit.record(tx, actor, new AuditTrail.Change("quarantine",
                        resolution.equals("released") ? "release" : "discard", held.eventId(), held.teamId(),
                        held, after)));
    }

    private Uni<Held> waitingOne(SqlClient tx, String eventId, String teamId) {
        return repository.byEventId(tx, eventId).map(all -> {
            List<Held> matching = all.stream().filter(h -> teamId == null || teamId.equals(h.teamId())).toList();
            if (matching.isEmpty()) {
                throw new ProblemException(Response.Status.NOT_FOUND, "No quarantined event '" + eventId + "'.");
            }
            if (matching.size() > 1) {
                throw ProblemException.badRequest("teamId", "several teams have a quarantined event '" + eventId
                        + "'; name the team");
            }
            Held held = matching.get(0);
            if (held.resolution() != null) {
                throw conflict(eventId);
            }
            return held;
        });
    }

    private static ProblemException conflict(String eventId) {
        return new ProblemException(Response.Status.CONFLICT,
                "The quarantined event '" + eventId + "' was already released or discarded.");
    }

    private UsageEvent read(Held held) {
        try {
            return json.readValue(held.event(), UsageEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a quarantined event could not be read back", e);
        }
    }
}
