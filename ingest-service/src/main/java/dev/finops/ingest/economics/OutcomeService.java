package dev.finops.ingest.economics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.config.IngestConfig;
import dev.finops.ingest.service.FieldReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts outcomes: validated whole (one bad item rejects the request), charged to the caller's
 * team like usage, idempotent on outcomeId (a replay is acknowledged, a reuse with another body is 409).
 */
@ApplicationScoped
public class OutcomeService {

    public record Accepted(String outcomeId, boolean duplicate) {
    }

    private final Pool pool;
    private final OutcomeRepository repository;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public OutcomeService(Pool pool, OutcomeRepository repository, IngestConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
    }

    public Uni<List<Accepted>> report(JsonNode body, ApiKeyPrincipal caller) {
        boolean batch = body.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (batch) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        if (items.isEmpty() || items.size() > config.maxBatchSize()) {
            throw ProblemException.badRequest("body", "send 1 to " + config.maxBatchSize() + " outcomes");
        }
        List<Outcome> outcomes = parse(items, batch, caller);
        String team = outcomes.get(0).teamId();
        if (outcomes.stream().anyMatch(o -> !o.teamId().equals(team))) {
            throw ProblemException.badRequest("teamId", "one request reports the outcomes of one team");
        }
        Map<String, Outcome> byId = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Outcome earlier = byId.putIfAbsent(o.outcomeId(), o);
            if (earlier != null && !earlier.fingerprint().equals(o.fingerprint())) {
                throw conflict(o.outcomeId());
            }
        }
        List<Outcome> unique = new ArrayList<>(byId.values());
        return pool.withTransaction(conn -> repository.insert(conn, team, unique)
                .flatMap(fresh -> {
                    Set<String> seen = new HashSet<>(byId.keySet());
                    seen.removeAll(fresh);
                    return repository.fingerprints(conn, team, seen).flatMap(stored -> {
                        for (String id : seen) {
                            if (!stored.get(id).equals(byId.get(id).fingerprint())) {
                                return Uni.createFrom().failure(conflict(id));
                            }
                        }
                        return repository.addToRollup(conn, team, fresh)
                                .replaceWith(answers(outcomes, fresh));
                    });
                }));
    }

    private static List<Accepted> answers(List<Outcome> outcomes, Set<String> fresh) {
        Set<String> answered = new HashSet<>();
        return outcomes.stream()
                .map(o -> new Accepted(o.outcomeId(), !fresh.contains(o.outcomeId()) || !answered.add(o.outcomeId())))
                .toList();
    }

    private List<Outcome> parse(List<JsonNode> items, boolean batch, ApiKeyPrincipal caller) {
        Instant now = clock.instant();
        List<Outcome> out = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            FieldReader r = new FieldReader(batch ? "[" + i + "]" : "", batch ? i : null);
            JsonNode n = items.get(i);
            if (n == null || !n.isObject()) {
                r.error("", "each outcome must be a JSON object");
                errors.addAll(r.errors());
                continue;
            }
            String id = r.text(n, "outcomeId", true);
            String type = r.text(n, "type", true);
            long count = n.has("count") ? r.count(n, "count", true) : 1;
            if (n.has("count") && count == 0 && r.errors().isEmpty()) {
                r.error("count", "must be at least 1");
            }
            Instant ts = r.timestamp(n, now.plus(config.maxFutureSkew()), now.minus(Duration.ofDays(config.retentionDays())));
            String team = team(r, r.text(n, "teamId", false), caller);
            Outcome o = new Outcome(id, team, type, count, ts, r.text(n, "agentId", false), r.text(n, "feature", false),
                    r.text(n, "customerId", false), r.text(n, "environment", false));
            if (r.errors().isEmpty()) {
                out.add(o);
            }
            errors.addAll(r.errors());
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "Invalid outcomes; nothing was stored.", errors);
        }
        return out;
    }

    private static String team(FieldReader r, String given, ApiKeyPrincipal caller) {
        if (caller.role() == Role.ingest) {
            if (given != null && !given.equals(caller.teamId())) {
                throw new ProblemException(Response.Status.FORBIDDEN, "This key reports outcomes for team '"
                        + caller.teamId() + "' only; nothing was stored.",
                        List.of(new FieldError(r.path("teamId"), "another team's outcomes")));
            }
            return caller.teamId();
        }
        if (given == null) {
            r.error("teamId", "is required when reporting with a non-workload key");
        }
        return given;
    }

    private static ProblemException conflict(String outcomeId) {
        return new ProblemException(Response.Status.CONFLICT, "outcomeId '" + outcomeId
                + "' was already reported with a different body; nothing was stored.",
                List.of(new FieldError("outcomeId", "already used with a different body")));
    }
}
