package dev.finops.anomaly.service;

import dev.finops.anomaly.BurnRate;
import dev.finops.anomaly.BurnRateWindow;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.SessionMinuteRepository;
import dev.finops.anomaly.repository.SessionMinuteRepository.SessionMinute;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sliding windows of active sessions, held in memory and always a copy of committed minute buckets:
 * sessions a feed page touched are re-read after its transaction (so a rolled-back page leaves no trace),
 * and the whole set is rebuilt from Postgres at start and on replicas that are not the active consumer.
 */
@ApplicationScoped
public class BurnRateWindows {

    private final Pool pool;
    private final SessionMinuteRepository minutes;
    private final Clock clock;
    private final Duration length;
    private final Map<String, BurnRateWindow> windows = new ConcurrentHashMap<>();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();

    public BurnRateWindows(Pool pool, SessionMinuteRepository minutes, Clock clock, AnomalyConfig config) {
        this.pool = pool;
        this.minutes = minutes;
        this.clock = clock;
        this.length = config.window().length();
        if (length.toSeconds() < 60 || length.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("finops.anomaly.window.length must be a whole number of minutes");
        }
    }

    /** The burn rate of every session with events in the window, highest first. */
    public List<BurnRate> active() {
        Instant now = clock.instant();
        List<BurnRate> out = new ArrayList<>();
        windows.values().forEach(w -> {
            BurnRate rate = w.at(now, length);
            if (rate != null) {
                out.add(rate);
            } else if (w.expired(now, length)) {
                windows.remove(w.sessionKey(), w);
            }
        });
        out.sort(Comparator.comparing(BurnRate::burnRateUsdPerHour).reversed().thenComparing(BurnRate::sessionId));
        return out;
    }

    public Duration length() {
        return length;
    }

    /** Called inside a feed page's transaction: these sessions are re-read once it has ended. */
    void touched(Collection<String> sessions) {
        touched.addAll(sessions);
    }

    /** Re-reads the sessions feed pages touched since the last call, as committed. */
    public Uni<Void> reloadTouched() {
        if (touched.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = new ArrayList<>(touched);
        touched.removeAll(keys);
        Instant now = clock.instant();
        return minutes.since(pool, keys, BurnRateWindow.start(now, length))
                .invoke(buckets -> {
                    Map<String, BurnRateWindow> loaded = group(buckets);
                    keys.forEach(k -> {
                        if (loaded.containsKey(k)) {
                            windows.put(k, loaded.get(k));
                        } else {
                            windows.remove(k);
                        }
                    });
                }).replaceWithVoid();
    }

    /** Replaces every window with what Postgres holds: at start (no blind spot after a restart) and on standbys. */
    public Uni<Void> rebuild() {
        Instant now = clock.instant();
        return minutes.since(pool, BurnRateWindow.start(now, length))
                .invoke(buckets -> {
                    Map<String, BurnRateWindow> loaded = group(buckets);
                    windows.keySet().retainAll(loaded.keySet());
                    windows.putAll(loaded);
                }).replaceWithVoid();
    }

    private static Map<String, BurnRateWindow> group(List<SessionMinute> buckets) {
        Map<String, List<SessionMinute>> bySession = new LinkedHashMap<>();
        buckets.forEach(b -> bySession.computeIfAbsent(b.sessionKey(), k -> new ArrayList<>()).add(b));
        Map<String, BurnRateWindow> out = new LinkedHashMap<>();
        bySession.forEach((k, v) -> out.put(k, new BurnRateWindow(k, List.copyOf(v))));
        return out;
    }
}
