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

/** An agent's share of failed calls in the current and last hour above the configured rate (failed calls cost too). */
@ApplicationScoped
public class ErrorRateDetector implements Detector {

    private final DetectorStatsRepository stats;
    private final AnomalyConfig.ErrorRate config;

    public ErrorRateDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        this.stats = stats;
        this.config = config.detectors().errorRate();
    }

    @Override
    public String type() {
        return "error_rate";
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public Uni<List<Finding>> findings(SqlClient sql, Instant now) {
        Instant recent = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant end = recent.plus(Duration.ofHours(2));
        return stats.stats(sql, List.of("agent"), recent, end, end, end).map(all -> all.stream()
                .filter(s -> s.recent().calls() >= config.minCalls())
                .map(s -> {
                    BigDecimal rate = BigDecimal.valueOf(s.recent().errors())
                            .divide(BigDecimal.valueOf(s.recent().calls()), 4, RoundingMode.HALF_EVEN);
                    // observed and expected are rates; the ratio to the allowed rate fires above 1
                    Finding f = Finding.of(type(), s.scope(), s.scopeId(), rate, config.maxRate(), BigDecimal.ONE, "");
                    return f.explained(String.format("agent '%s' failed %d of %d calls in the last two"
                                            + " hours (%s%%), above the allowed %s%% (%s USD spent meanwhile)", s.scopeId(),
                                    s.recent().errors(), s.recent().calls(), percent(rate), percent(config.maxRate()),
                                    s.recent().usd().toPlainString()));
                }).toList());
    }

    private static String percent(BigDecimal share) {
        return share.movePointRight(2).stripTrailingZeros().toPlainString();
    }
}
