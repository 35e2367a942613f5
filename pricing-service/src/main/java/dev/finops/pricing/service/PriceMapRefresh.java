package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.config.PricingConfig;
import dev.finops.pricing.repository.RefreshHoldRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps rates current from a LiteLLM-format price map at {@code finops.pricing.refresh.url}: fetches it, diffs it
 * against the current rates, applies each change that passes the sanity check as a new version (source "refresh",
 * with the URL and fetch time) and holds the rest until an admin confirms them.
 */
@ApplicationScoped
public class PriceMapRefresh {

    /** The diff of one fetch: what changed, which of those changes are held, and what was left alone. */
    public record Diff(String sourceUrl, Instant fetchedAt, boolean applied, int unchanged, int skipped,
                       List<RefreshChange> changes) {
    }

    private final PricingConfig config;
    private final RateBook book;
    private final RateService rates;
    private final RefreshHoldRepository holds;
    private final Pool pool;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PriceMapRefresh(PricingConfig config, RateBook book, RateService rates, RefreshHoldRepository holds,
                           Pool pool, AuditTrail audit, ObjectMapper json) {
        this.config = config;
        this.book = book;
        this.rates = rates;
        this.holds = holds;
        this.pool = pool;
        this.audit = audit;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(every = "${finops.pricing.refresh.interval:6h}", delayed = "${finops.pricing.refresh.interval:6h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (config.refresh().url().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return refresh(Actor.system("refresh")).invoke(d -> Log.infof("price map refresh from %s: %d change(s), %d held",
                        d.sourceUrl(), d.changes().size(), d.changes().stream().filter(RefreshChange::held).count()))
                .onFailure().invoke(e -> Log.warnf("price map refresh failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Fetches the map and answers the diff without storing anything. */
    public Uni<Diff> preview() {
        return fetch().chain(fetched -> diff(fetched).map(scan -> diffOf(fetched, scan, false)));
    }

    /** Fetches the map, applies the changes that pass and holds the others. */
    public Uni<Diff> refresh(Actor actor) {
        return fetch().chain(fetched -> diff(fetched).chain(scan -> store(fetched, scan.changes(), actor)
                .replaceWith(diffOf(fetched, scan, true))));
    }

    private static Diff diffOf(Fetched fetched, Scan scan, boolean applied) {
        return new Diff(fetched.url(), fetched.at(), applied, scan.unchanged(), scan.skipped(), scan.changes());
    }

    private Uni<Void> store(Fetched fetched, List<RefreshChange> changes, Actor actor) {
        List<ValuationRate> passing = changes.stream().filter(c -> !c.held()).map(RefreshChange::rate).toList();
        List<RefreshChange> held = changes.stream().filter(RefreshChange::held).toList();
        Uni<Void> hold = held.isEmpty() ? Uni.createFrom().voidItem() : pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RefreshChange c : held) {
                chain = chain.chain(() -> holds.hold(conn, c.rate(), c.reason(), fetched.url(), fetched.at()))
                        .chain(() -> audit.record(conn, actor, new AuditTrail.Change("rate-refresh", "hold",
                                c.modelId(), null, c.previous(), c.rate())));
            }
            return chain;
        });
        return hold.chain(() -> rates.store(passing, RateSource.refresh, actor)).replaceWithVoid();
    }

    /** Applies held changes (all of them when {@code modelIds} is empty), each as a new version; audited. */
    public Uni<List<ValuationRate>> confirm(Set<String> modelIds, Actor actor) {
        return holds.open().chain(open -> {
            List<RefreshHoldRepository.Hold> chosen = open.stream()
                    .filter(h -> modelIds.isEmpty() || modelIds.contains(h.modelId())).toList();
            List<String> unknown = modelIds.stream().filter(m -> open.stream().noneMatch(h -> h.modelId().equals(m)))
                    .sorted().toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.badRequest("modelIds", "no held change for " + String.join(", ", unknown)
                        + "; GET /api/v1/finops/valuation-rates/refresh/held lists them");
            }
            List<ValuationRate> next = chosen.stream().map(h -> h.rate().from(RateSource.refresh, clock.instant(),
                    h.sourceUrl(), h.fetchedAt())).toList();
            return rates.store(next, RateSource.refresh, actor).call(stored -> pool.withTransaction(conn -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (RefreshHoldRepository.Hold h : chosen) {
                    long version = stored.stream().filter(r -> r.modelId().equals(h.modelId())).findFirst()
                            .orElseThrow().version();
                    chain = chain.chain(() -> holds.resolve(conn, h.id(), actor.name(), version));
                }
                return chain;
            }));
        });
    }

    public Uni<List<RefreshHoldRepository.Hold>> held() {
        return holds.open();
    }

    private record Fetched(String url, Instant at, JsonNode map) {
    }

    /** What a fetched map says against the current rates. */
    private record Scan(List<RefreshChange> changes, int unchanged, int skipped) {
    }

    private Uni<Fetched> fetch() {
        String url = config.refresh().url().orElseThrow(() -> new ProblemException(Problem.of(409, "Conflict",
                "no price map to refresh from: set finops.pricing.refresh.url", List.of())));
        Instant at = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw unavailable("the price map at " + url + " answered HTTP " + response.statusCode());
                    }
                    try {
                        JsonNode map = json.readTree(response.body());
                        if (map == null || !map.isObject()) {
                            throw unavailable("the price map at " + url + " is not a JSON object of model prices");
                        }
                        return new Fetched(url, at, map);
                    } catch (java.io.IOException e) {
                        throw unavailable("the price map at " + url + " is not JSON: " + e.getMessage());
                    }
                })
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> unavailable("the price map at " + url + " could not be fetched: " + e.getMessage()));
    }

    private static ProblemException unavailable(String message) {
        return new ProblemException(Problem.of(502, "Bad Gateway", message, List.of()));
    }

    /** Every model of the map whose rate would change; models priced by a Kubernetes resource are left alone. */
    private Uni<Scan> diff(Fetched fetched) {
        return rates.resourceManagedModels().map(managed -> {
            List<RefreshChange> changes = new ArrayList<>();
            int unchanged = 0;
            int skipped = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = fetched.map().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                PriceMapEntry.Parsed parsed = PriceMapEntry.parse(e.getKey(), e.getValue());
                if (parsed.rate() == null || managed.containsKey(e.getKey())
                        || !parsed.rate().problems("", config.maxRatePerKTokens()).isEmpty()) {
                    skipped++;
                    continue;
                }
                List<ValuationRate> history = book.history(e.getKey());
                ValuationRate current = history.isEmpty() ? null : book.rateAt(e.getKey(), fetched.at()).orElse(null);
                if (current == null && !config.refresh().addNewModels()) {
                    skipped++;
                    continue;
                }
                ValuationRate next = parsed.rate().toRate(RateSource.refresh, fetched.at())
                        .from(RateSource.refresh, fetched.at(), fetched.url(), fetched.at());
                if (current != null && current.samePrices(next)) {
                    unchanged++;
                    continue;
                }
                changes.add(RefreshChange.of(e.getKey(), current, next, config.refresh().maxFactor()));
            }
            return new Scan(changes, unchanged, skipped);
        });
    }
}
