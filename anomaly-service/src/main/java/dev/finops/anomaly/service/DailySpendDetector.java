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

/** Today's (UTC) spend so far of the org, each team and each agent above 150% of its rolling 7-day daily average. */
@ApplicationScoped
public class DailySpendDetector implements Detector {

    private static final BigDecimal DAYS = BigDecimal.valueOf(7);

    private final DetectorStatsRepository stats;
    private final AnomalyConfig.DailySpend config;

    public DailySpendDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        this.stats = stats;
        this.config = config.detectors().dailySpend();
    }

    @Override
    public String type() {
        return "daily_spend";
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public Uni<List<Finding>> findings(SqlClient sql, Instant now) {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        return stats.stats(sql, List.of("org", "team", "agent"), today, today.plus(Duration.ofDays(1)),
                today.minus(Duration.ofDays(7)), today).map(all -> all.stream()
                .filter(s -> s.history().activeDays() >= config.minHistoryDays())
                .filter(s -> s.recent().usd().compareTo(config.minUsd()) >= 0)
                .map(s -> {
                    BigDecimal average = s.history().usd().divide(DAYS, 10, RoundingMode.HALF_EVEN);
                    Finding f = Finding.of(type(), s.scope(), s.scopeId(), s.recent().usd(), average, config.threshold(), "");
                    return f.explained(String.format("%s spent %s USD today (UTC) so far, %sx its 7-day daily average of %s USD"
                                            + " (limit %sx)", Subjects.name(s.scope(), s.scopeId()),
                                    s.recent().usd().toPlainString(), f.ratio().toPlainString(),
                                    average.stripTrailingZeros().toPlainString(), config.threshold().toPlainString()));
                }).toList());
    }
}
