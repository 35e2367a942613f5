package dev.finops.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.cost.CostBreakdown;
import dev.finops.cost.CostCalculator;
import dev.finops.cost.RateCard;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Accepts usage: validates the whole request (nothing is stored unless every event is valid),
 * charges each event to the caller's team, values it at its own timestamp and hands it to the
 * group committer.
 */
@ApplicationScoped
public class UsageIngestService {

    private final UsageEventParser parser;
    private final RateTable rates;
    private final UsageCommitter committer;
    private final PartitionMaintenance partitions;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final ProvisionalRates provisional;
    private final Quarantine quarantine;
    private final Clock clock = Clock.systemUTC();

    public UsageIngestService(RateTable rates, UsageCommitter committer, PartitionMaintenance partitions,
                              IngestMetrics metrics, IngestConfig config, ProvisionalRates provisional,
                              Quarantine quarantine) {
        this.provisional = provisional;
        this.quarantine = quarantine;
        this.parser = new UsageEventParser(config.requiredTags().orElse(List.of()));
        this.rates = rates;
        this.committer = committer;
        this.partitions = partitions;
        this.metrics = metrics;
        this.config = config;
    }

    /** The answer to one POST: one result per event, in request order. */
    public record Accepted(boolean batch, List<IngestedEvent> events) {
    }

    public Uni<Accepted> ingest(JsonNode body, ApiKeyPrincipal caller) {
        boolean batch = body.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (batch) {
            body.forEach(items::add);
            checkBatchSize(items.size());
        } else {
            items.add(body);
        }
        Timer.Sample sample = metrics.startRequest(items.size());
        return store(parse(items, batch), caller, batch)
                .map(results -> new Accepted(batch, results))
                .eventually(() -> metrics.requestDone(sample));
    }

    /**
     * Stores events already read by {@link #read} (e.g. from OpenTelemetry spans): charged to the
     * caller's team, valued, committed together; one result per event in order.
     */
    public Uni<List<IngestedEvent>> store(List<UsageEvent> events, ApiKeyPrincipal caller, boolean batch) {
        List<UsageEvent> charged = charge(events, caller, batch);
        return provisional.catchUp().chain(() -> {
            List<PricedEvent> priced = price(charged);
            if (batch) {
                rejectReusedIdsWithinRequest(priced);
            }
            return quarantine.divert(priced, batch, ok -> commit(ok, batch));
        });
    }

    /** Stores events without the ceilings (an admin released them from quarantine). */
    public Uni<List<IngestedEvent>> storeReleased(List<UsageEvent> events) {
        return provisional.catchUp().chain(() -> commit(price(events), false));
    }

    private Uni<List<IngestedEvent>> commit(List<PricedEvent> priced, boolean batch) {
        if (priced.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return partitions.ensure(priced.stream().map(p -> PartitionMaintenance.dayOf(p.event().timestamp()))
                        .collect(Collectors.toSet()))
                .chain(() -> committer.commit(priced, batch));
    }

    /** Reads one event with this installation's rules (required tags, timestamp window). */
    public UsageEventParser.Result read(JsonNode event) {
        Instant now = clock.instant();
        return parser.parse(event, "", null, now.plus(config.maxFutureSkew()),
                now.minus(Duration.ofDays(config.retentionDays())));
    }

    private void checkBatchSize(int size) {
        if (size == 0) {
            metrics.rejected("invalid", 0);
            throw ProblemException.badRequest("body", "the array holds no events");
        }
        if (size > config.maxBatchSize()) {
            metrics.rejected("too_large", size);
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "A batch may hold at most " + config.maxBatchSize() + " events; this one holds " + size
                            + ". Split it; nothing was stored.",
                    List.of(new FieldError("body", "at most " + config.maxBatchSize() + " events")));
        }
    }

    private List<UsageEvent> parse(List<JsonNode> items, boolean batch) {
        Instant now = clock.instant();
        Instant notAfter = now.plus(config.maxFutureSkew());
        Instant notBefore = now.minus(Duration.ofDays(config.retentionDays()));
        List<UsageEvent> events = new ArrayList<>(items.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            UsageEventParser.Result r = parser.parse(items.get(i), batch ? "[" + i + "]" : "", batch ? i : null,
                    notAfter, notBefore);
            events.add(r.event());
            errors.addAll(r.errors());
        }
        if (!errors.isEmpty()) {
            metrics.rejected("invalid", items.size());
            long bad = errors.stream().map(FieldError::index).distinct().count();
            String detail = batch
                    ? bad + " of " + items.size() + " events are invalid; the batch was rejected whole, nothing was stored."
                    : "The event is invalid; nothing was stored.";
            throw new ProblemException(Response.Status.BAD_REQUEST, detail + " " + summary(errors), errors);
        }
        return events;
    }

    /** An ingest key writes its own team's usage only; an admin key names the team explicitly. */
    private List<UsageEvent> charge(List<UsageEvent> events, ApiKeyPrincipal caller, boolean batch) {
        List<FieldError> forbidden = new ArrayList<>();
        List<FieldError> missing = new ArrayList<>();
        List<UsageEvent> charged = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            UsageEvent e = events.get(i);
            String field = batch ? "[" + i + "].teamId" : "teamId";
            Integer index = batch ? i : null;
            if (caller.role() == Role.ingest) {
                if (e.teamId() != null && !e.teamId().equals(caller.teamId())) {
                    forbidden.add(new FieldError(field, "this key reports usage for team '" + caller.teamId()
                            + "' only", index));
                }
                charged.add(e.withTeam(caller.teamId()));
            } else {
                if (e.teamId() == null) {
                    missing.add(new FieldError(field, "is required when reporting with a non-workload key", index));
                }
                charged.add(e);
            }
        }
        if (!forbidden.isEmpty()) {
            metrics.rejected("forbidden_team", events.size());
            throw new ProblemException(Response.Status.FORBIDDEN,
                    "Usage for another team cannot be reported with this key; nothing was stored.", forbidden);
        }
        if (!missing.isEmpty()) {
            metrics.rejected("invalid", events.size());
            throw new ProblemException(Response.Status.BAD_REQUEST, "teamId is required; nothing was stored.", missing);
        }
        return charged;
    }

    private void rejectReusedIdsWithinRequest(List<PricedEvent> events) {
        Map<String, String> fingerprints = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (PricedEvent e : events) {
            String earlier = fingerprints.putIfAbsent(e.event().eventId(), e.fingerprint());
            if (earlier != null && !earlier.equals(e.fingerprint())) {
                errors.add(new FieldError("[" + e.index() + "].eventId", "'" + e.event().eventId()
                        + "' appears earlier in this batch with a different body", e.index()));
            }
        }
        if (!errors.isEmpty()) {
            metrics.rejected("conflict", events.size());
            throw new ProblemException(Response.Status.CONFLICT,
                    "An eventId is used twice with different bodies; nothing was stored.", errors);
        }
    }

    private List<PricedEvent> price(List<UsageEvent> events) {
        List<PricedEvent> priced = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            UsageEvent e = events.get(i);
            Optional<RateCard> rate = rates.rateAt(e.model(), e.timestamp());
            boolean isProvisional = rate.isEmpty();
            if (isProvisional) {
                rate = provisional.rateFor(e);
            }
            Optional<CostBreakdown> cost = rate.map(r -> CostCalculator.cost(e.tokens(), r, e.charges()));
            priced.add(new PricedEvent(e, i, EventFingerprint.of(e), cost.map(CostBreakdown::totalUsd).orElse(null),
                    rate.map(RateCard::version).orElse(null), rate.map(RateCard::modelId).orElse(null),
                    isProvisional && rate.isPresent(), cost.orElse(null)));
        }
        return priced;
    }

    private static String summary(List<FieldError> errors) {
        String first = errors.stream().limit(3).map(f -> f.field() + " " + f.message())
                .collect(Collectors.joining("; "));
        return errors.size() > 3 ? first + "; and " + (errors.size() - 3) + " more (see errors)." : first + ".";
    }

}
