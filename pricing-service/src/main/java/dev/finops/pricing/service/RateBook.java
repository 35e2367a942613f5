package dev.finops.pricing.service;

import dev.finops.pricing.ModelAlias;
import dev.finops.pricing.ValuationRate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every version of every model's rate and the alias table, in memory: reads (the feed, lookups, quotes,
 * routing savings) never touch the database. Copy-on-write snapshots: readers never lock.
 * Names resolve as in ingest-service's RateTable: exact id, alias, without a provider prefix
 * ({@code openai/gpt-4o}), without a date suffix ({@code gpt-4o-2024-08-06}, {@code claude-…@20250514}).
 */
@ApplicationScoped
public class RateBook {

    private static final Pattern DATE_SUFFIX = Pattern.compile("(-|@)(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private record Snapshot(NavigableMap<Long, ValuationRate> byVersion,
                            Map<String, NavigableMap<Instant, ValuationRate>> byModel,
                            Map<String, String> aliases, long aliasRevision) {
    }

    private volatile Snapshot snapshot = new Snapshot(new TreeMap<>(), Map.of(), Map.of(), -1);

    /** The newest rate version held (0 when empty). */
    public long version() {
        NavigableMap<Long, ValuationRate> all = snapshot.byVersion();
        return all.isEmpty() ? 0 : all.lastKey();
    }

    public long aliasRevision() {
        return snapshot.aliasRevision();
    }

    /** Every version created after {@code since}, in version order (past-, present- and future-effective). */
    public List<ValuationRate> since(long since) {
        return List.copyOf(snapshot.byVersion().tailMap(since, false).values());
    }

    /** The rate of every model effective at {@code at}, by model id. */
    public List<ValuationRate> effectiveAt(Instant at) {
        List<ValuationRate> rates = new ArrayList<>();
        snapshot.byModel().forEach((model, history) -> {
            Map.Entry<Instant, ValuationRate> e = history.floorEntry(at);
            if (e != null) {
                rates.add(e.getValue());
            }
        });
        rates.sort(Comparator.comparing(ValuationRate::modelId));
        return rates;
    }

    /** The rate of a reported model name effective at {@code at}. */
    public Optional<ValuationRate> rateAt(String model, Instant at) {
        Snapshot s = snapshot;
        return resolve(s, model).map(id -> s.byModel().get(id).floorEntry(at)).map(Map.Entry::getValue);
    }

    /** Every version of a model, by effective instant then version. */
    public List<ValuationRate> history(String modelId) {
        NavigableMap<Instant, ValuationRate> effective = snapshot.byModel().get(modelId);
        if (effective == null) {
            return List.of();
        }
        return snapshot.byVersion().values().stream().filter(r -> r.modelId().equals(modelId))
                .sorted(Comparator.comparing(ValuationRate::effectiveFrom).thenComparing(ValuationRate::version))
                .toList();
    }

    /** The model id whose rates apply to a reported name, if any model has rates under it. */
    public Optional<String> resolve(String model) {
        return resolve(snapshot, model);
    }

    public List<ModelAlias> aliases() {
        return snapshot.aliases().entrySet().stream().map(e -> new ModelAlias(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(ModelAlias::alias)).toList();
    }

    /** Number of models with at least one version. */
    public int modelCount() {
        return snapshot.byModel().size();
    }

    /** Adds versions (idempotent: a version already held is ignored). */
    public synchronized void addRates(List<ValuationRate> rates) {
        Snapshot old = snapshot;
        NavigableMap<Long, ValuationRate> byVersion = new TreeMap<>(old.byVersion());
        Map<String, NavigableMap<Instant, ValuationRate>> byModel = new HashMap<>(old.byModel());
        for (ValuationRate rate : rates) {
            if (byVersion.putIfAbsent(rate.version(), rate) != null) {
                continue;
            }
            NavigableMap<Instant, ValuationRate> history = new TreeMap<>(byModel.getOrDefault(rate.modelId(), new TreeMap<>()));
            // Two versions effective at the same instant: the later version is the correction.
            history.merge(rate.effectiveFrom(), rate, (a, b) -> a.version() >= b.version() ? a : b);
            byModel.put(rate.modelId(), history);
        }
        snapshot = new Snapshot(byVersion, byModel, old.aliases(), old.aliasRevision());
    }

    /** Replaces the alias table unless a newer one is already held. */
    public synchronized void setAliases(long revision, List<ModelAlias> aliases) {
        Snapshot old = snapshot;
        if (revision <= old.aliasRevision()) {
            return;
        }
        Map<String, String> map = new HashMap<>();
        aliases.forEach(a -> map.put(a.alias(), a.modelId()));
        snapshot = new Snapshot(old.byVersion(), old.byModel(), Map.copyOf(map), revision);
    }

    private static Optional<String> resolve(Snapshot s, String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String bare = model.substring(model.lastIndexOf('/') + 1);
        for (String candidate : List.of(model, bare, DATE_SUFFIX.matcher(bare).replaceFirst(""))) {
            if (s.byModel().containsKey(candidate)) {
                return Optional.of(candidate);
            }
            String target = s.aliases().get(candidate);
            if (target != null && s.byModel().containsKey(target)) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }
}
