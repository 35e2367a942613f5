package dev.finops.anomaly.service;

import dev.finops.anomaly.ActiveAnomaly;
import dev.finops.anomaly.AnomalyPolicy;
import dev.finops.anomaly.Baseline;
import dev.finops.anomaly.BurnRate;
import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.AnomalyPolicyRepository;
import dev.finops.anomaly.repository.BaselineRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sessions whose burn rate exceeds their agent's baseline times the multiplier, evaluated from the live windows
 * after every feed poll and on every read. Sessions with too few calls or too little spend are never flagged.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup  // its gauges exist from the start
public class SessionAnomalies {

    /** The anomaly type of a runaway session in the history and in alerts. */
    public static final String TYPE = "session_burn_rate";

    private final Pool pool;
    private final BurnRateWindows windows;
    private final BaselineRepository baselines;
    private final AnomalyPolicyRepository policies;
    private final AnomalyConfig config;
    private final Clock clock;
    private final Map<String, Instant> detectedAt = new ConcurrentHashMap<>();
    private final AtomicReference<List<ActiveAnomaly>> last = new AtomicReference<>(List.of());

    public SessionAnomalies(Pool pool, BurnRateWindows windows, BaselineRepository baselines,
                            AnomalyPolicyRepository policies, AnomalyConfig config, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.policies = policies;
        this.windows = windows;
        this.baselines = baselines;
        this.config = config;
        this.clock = clock;
        registry.gauge("finops_anomaly_active", Tags.of("type", "session_burn_rate"), last, l -> l.get().size());
        registry.gauge("finops_anomaly_max_ratio", Tags.of("type", "session_burn_rate"), last,
                l -> l.get().stream().mapToDouble(a -> a.anomalyRatio().doubleValue()).max().orElse(0));
    }

    /** The currently anomalous sessions, highest ratio first. */
    public Uni<List<ActiveAnomaly>> evaluate() {
        return scored().map(scored -> {
            Instant now = clock.instant();
            List<ActiveAnomaly> out = new ArrayList<>();
            for (Scored s : scored) {
                if (s.breached()) {
                    Instant since = detectedAt.computeIfAbsent(s.rate().sessionId(), k -> now);
                    out.add(new ActiveAnomaly(s.rate().sessionId(), s.rate().agentId(), s.rate().burnRateUsdPerHour(),
                            s.baseline(), Finding.ratio(s.rate().burnRateUsdPerHour(), s.baseline()), since,
                            s.rate().teamId()));
                }
            }
            detectedAt.keySet().retainAll(out.stream().map(ActiveAnomaly::sessionId).toList());
            out.sort(Comparator.comparing(ActiveAnomaly::anomalyRatio).reversed().thenComparing(ActiveAnomaly::sessionId));
            last.set(List.copyOf(out));
            return out;
        });
    }

    /** Every session with enough data and a baseline, scored for the anomaly history (anomalous or not). */
    public Uni<List<Finding>> findings() {
        return scored().map(scored -> scored.stream().map(s -> new Finding(TYPE, "session", s.rate().sessionId(),
                s.rate().agentId(), s.rate().teamId(), s.rate().burnRateUsdPerHour(), s.baseline(),
                Finding.ratio(s.rate().burnRateUsdPerHour(), s.baseline()), s.multiplier(), String.format(
                        "session '%s' of agent '%s' burns %s USD/h (%s USD in the last %d minutes, %d calls), %sx the"
                                + " agent's baseline of %s USD/h (limit %sx)", s.rate().sessionId(), s.rate().agentId(),
                        s.rate().burnRateUsdPerHour().toPlainString(), s.rate().windowUsd().toPlainString(),
                        windows.length().toMinutes(), s.rate().calls(),
                        Finding.ratio(s.rate().burnRateUsdPerHour(), s.baseline()).toPlainString(),
                        s.baseline().toPlainString(), s.multiplier().toPlainString()))).toList());
    }

    /** A session's burn rate with its agent's baseline and multiplier. */
    private record Scored(BurnRate rate, BigDecimal baseline, BigDecimal multiplier) {
        boolean breached() {
            return rate.burnRateUsdPerHour().compareTo(baseline.multiply(multiplier)) > 0;
        }
    }

    private Uni<List<Scored>> scored() {
        List<BurnRate> rates = windows.active().stream().filter(this::enoughData).filter(r -> r.agentId() != null)
                .toList();
        if (rates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> agents = rates.stream().map(BurnRate::agentId).distinct().toList();
        return Uni.combine().all().unis(baselines.of(pool, agents), policies.of(pool, agents)).with((found, own) -> {
            Map<String, Baseline> byAgent = found.stream().collect(Collectors.toMap(Baseline::agentId, Function.identity()));
            Map<String, BigDecimal> multipliers = own.stream()
                    .collect(Collectors.toMap(AnomalyPolicy::agentId, AnomalyPolicy::multiplier));
            return rates.stream().filter(r -> byAgent.containsKey(r.agentId()))
                    .map(r -> new Scored(r, byAgent.get(r.agentId()).baselineUsdPerHour(),
                            multipliers.getOrDefault(r.agentId(), multiplier(r.agentId()))))
                    .toList();
        });
    }

    private boolean enoughData(BurnRate r) {
        return r.calls() >= config.minCalls() && r.windowUsd().compareTo(config.minWindowUsd()) >= 0;
    }

    /** The configured multiplier of an agent (an agent's AnomalyPolicy wins over it). */
    private BigDecimal multiplier(String agentId) {
        return config.agentMultiplier().getOrDefault(agentId, config.multiplier());
    }
}
