package dev.finops.ingest.service;

import dev.finops.cost.RateCard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every known version of every model's rate, in memory, so an event is priced with the
 * version effective at its own timestamp without a call per event. Copy-on-write: readers
 * never lock.
 */
@ApplicationScoped
public class RateTable {

    private static final Pattern DATE_SUFFIX = Pattern.compile("(-|@)(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private record Snapshot(Map<String, NavigableMap<Instant, RateCard>> byModel, Map<String, String> aliases,
                            long version, Map<String, Optional<String>> resolved) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), 0, new ConcurrentHashMap<>());

    /** The newest rate version this table holds (0 when empty). */
    public long version() {
        return snapshot.version();
    }

    public int modelCount() {
        return snapshot.byModel().size();
    }

    /** The rate effective at {@code at} for a reported model name, after alias resolution. */
    public Optional<RateCard> rateAt(String model, Instant at) {
        Snapshot s = snapshot;
        return resolve(s, model).map(id -> s.byModel().get(id)).map(history -> history.floorEntry(at))
                .map(Map.Entry::getValue);
    }

    /** The model id whose rates apply to a reported name, if any. */
    public Optional<String> resolve(String model) {
        return resolve(snapshot, model);
    }

    /** Adds new rate versions and replaces the alias table. */
    public synchronized void apply(List<RateCard> versions, Map<String, String> aliases) {
        Snapshot old = snapshot;
        Map<String, NavigableMap<Instant, RateCard>> byModel = new HashMap<>();
        old.byModel().forEach((model, history) -> byModel.put(model, new TreeMap<>(history)));
        long version = old.version();
        for (RateCard rate : versions) {
            NavigableMap<Instant, RateCard> history = byModel.computeIfAbsent(rate.modelId(), m -> new TreeMap<>());
            // Two versions effective at the same instant: the later version is the correction.
            history.merge(rate.effectiveFrom(), rate, (a, b) -> a.version() >= b.version() ? a : b);
            version = Math.max(version, rate.version());
        }
        Map<String, String> aliasCopy = aliases == null ? old.aliases() : Map.copyOf(aliases);
        snapshot = new Snapshot(byModel, aliasCopy, version, new ConcurrentHashMap<>());
    }

    private static Optional<String> resolve(Snapshot s, String model) {
        return s.resolved().computeIfAbsent(model, m -> Optional.ofNullable(lookup(s, m)));
    }

    /** Exact id, then alias, then without a provider prefix ("openai/"), then without a date suffix. */
    private static String lookup(Snapshot s, String model) {
        String bare = withoutProviderPrefix(model);
        for (String candidate : List.of(model, bare, DATE_SUFFIX.matcher(bare).replaceFirst(""))) {
            if (s.byModel().containsKey(candidate)) {
                return candidate;
            }
            String alias = s.aliases().get(candidate);
            if (alias != null && s.byModel().containsKey(alias)) {
                return alias;
            }
        }
        return null;
    }

    private static String withoutProviderPrefix(String model) {
        int slash = model.lastIndexOf('/');
        return slash < 0 ? model : model.substring(slash + 1);
    }
}
