package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.audit.Actor;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.config.PricingConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports LiteLLM's price map: every entry becomes a new version when its prices differ from the model's
 * current rate (or the model is new); the rest are reported as unchanged or skipped, each with its reason.
 * A dry run answers the same report without storing anything.
 */
@ApplicationScoped
public class PriceMapImport {

    /** What an import did (or would do). */
    public record Report(boolean dryRun, Instant effectiveFrom, int added, int changed, int unchanged, int skipped,
                         List<Change> changes, List<String> unchangedModels, List<Skip> skippedEntries) {
    }

    /** A model added (previous is null) or changed. On a dry run the new rate has no version yet (0). */
    public record Change(String modelId, String change, ValuationRate previous, ValuationRate rate) {
    }

    public record Skip(String key, String reason) {
    }

    private final RateBook book;
    private final RateService rates;
    private final PricingConfig config;

    public PriceMapImport(RateBook book, RateService rates, PricingConfig config) {
        this.book = book;
        this.rates = rates;
        this.config = config;
    }

    public Uni<Report> run(JsonNode map, boolean dryRun, Instant effectiveFrom, Set<String> providers, Actor actor) {
        if (map == null || !map.isObject()) {
            throw ProblemException.badRequest("body",
                    "must be a JSON object of model name to prices (LiteLLM model_prices_and_context_window.json)");
        }
        // Models a ModelPrice resource prices change only with their resource.
        return rates.resourceManagedModels().flatMap(managed -> apply(map, dryRun, effectiveFrom, providers, managed, actor));
    }

    private Uni<Report> apply(JsonNode map, boolean dryRun, Instant effectiveFrom, Set<String> providers,
                              Map<String, String> managed, Actor actor) {
        List<Change> changes = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (managed.containsKey(e.getKey())) {
                skipped.add(new Skip(e.getKey(), "priced by the Kubernetes resource " + managed.get(e.getKey())));
            } else {
                classify(e.getKey(), e.getValue(), effectiveFrom, providers, changes, unchanged, skipped);
            }
        }
        int added = (int) changes.stream().filter(c -> c.previous() == null).count();
        if (dryRun || changes.isEmpty()) {
            return Uni.createFrom().item(new Report(dryRun, effectiveFrom, added, changes.size() - added,
                    unchanged.size(), skipped.size(), changes, unchanged, skipped));
        }
        return rates.store(changes.stream().map(Change::rate).toList(), RateSource.import_, actor).map(stored -> {
            List<Change> applied = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                Change c = changes.get(i);
                applied.add(new Change(c.modelId(), c.change(), c.previous(), byModel(stored, c.modelId())));
            }
            return new Report(false, effectiveFrom, added, changes.size() - added, unchanged.size(), skipped.size(),
                    applied, unchanged, skipped);
        });
    }

    private void classify(String key, JsonNode entry, Instant effectiveFrom, Set<String> providers,
                          List<Change> changes, List<String> unchanged, List<Skip> skipped) {
        PriceMapEntry.Parsed parsed = PriceMapEntry.parse(key, entry);
        if (parsed.rate() == null) {
            skipped.add(new Skip(key, parsed.skipReason()));
            return;
        }
        if (!providers.isEmpty() && !providers.contains(String.valueOf(parsed.rate().provider()))) {
            skipped.add(new Skip(key, "provider '" + parsed.rate().provider() + "' was not selected"));
            return;
        }
        List<FieldError> problems = parsed.rate().problems("", config.maxRatePerKTokens());
        if (!problems.isEmpty()) {
            skipped.add(new Skip(key, problems.get(0).field() + " " + problems.get(0).message()));
            return;
        }
        ValuationRate next = parsed.rate().toRate(RateSource.import_, effectiveFrom);
        Optional<ValuationRate> current = currentOf(key, effectiveFrom);
        if (current.isPresent() && current.get().samePrices(next)) {
            unchanged.add(key);
        } else {
            changes.add(new Change(key, current.isPresent() ? "changed" : "added", current.orElse(null), next));
        }
    }

    /** The rate of exactly this model id (no alias: a dated price-map entry may be priced differently). */
    private Optional<ValuationRate> currentOf(String modelId, Instant at) {
        List<ValuationRate> history = book.history(modelId);
        return history.stream().filter(r -> !r.effectiveFrom().isAfter(at))
                .reduce((a, b) -> b.effectiveFrom().isAfter(a.effectiveFrom())
                        || b.effectiveFrom().equals(a.effectiveFrom()) && b.version() > a.version() ? b : a);
    }

    private static ValuationRate byModel(List<ValuationRate> stored, String modelId) {
        return stored.stream().filter(r -> r.modelId().equals(modelId)).findFirst().orElseThrow();
    }
}
