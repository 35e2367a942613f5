package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.DetectorStatsRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * An agent's spend in the current hour so far or the last full hour (whichever is higher, so a sustained spike does
 * not clear at every full hour) above 3x the mean of its active hours in the 7 days before.
 */
@ApplicationScoped
public class AgentHourlyCostDetector implements Detector {

    private final DetectorStatsRepository stats;
    private final AnomalyConfig.AgentHourlyCost config;

    public AgentHourlyCostDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        this.stats = stats;
        this.config = config.detectors().agentHourlyCost();
    }

    @Override
    public String type() {
        return "agent_hourly_cost";
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public Uni<List<Finding>> findings(SqlClient sql, Instant now) {
        Instant recent = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        return stats.stats(sql, List.of("agent"), recent, recent.plus(Duration.ofHours(2)),
                recent.minus(Duration.ofDays(7)), recent).map(all -> all.stream()
                .filter(s -> s.history().activeHours() >= config.minActiveHours())
                .filter(s -> s.recent().maxHourUsd().compareTo(config.minUsd()) >= 0)
                .map(s -> {
                    BigDecimal observed = s.recent().maxHourUsd();
                    BigDecimal mean = s.history().usd().divide(BigDecimal.valueOf(s.history().activeHours()), 10,
                            RoundingMode.HALF_EVEN);
                    return Finding.of(type(), s.scope(), s.scopeId(), observed, mean, config.threshold(),
                            String.format("agent '%s' spent %s USD in an hour, %sx the mean of its active hours in the"
                                            + " previous 7 days (%s USD over %d hours; limit %sx)", s.scopeId(),
                                    observed.toPlainString(), Finding.ratio(observed, mean).toPlainString(),
                                    mean.stripTrailingZeros().toPlainString(), s.history().activeHours(),
                                    config.threshold().toPlainString()));
                }).toList());
    }
}
