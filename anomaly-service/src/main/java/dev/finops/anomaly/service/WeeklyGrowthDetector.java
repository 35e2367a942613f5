package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.DetectorStatsRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A team's or feature's spend in the last 7 days (full hours) more than 30% above the 7 days before. */
@ApplicationScoped
public class WeeklyGrowthDetector implements Detector {

    private final DetectorStatsRepository stats;
    private final AnomalyConfig.WeeklyGrowth config;

    public WeeklyGrowthDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        this.stats = stats;
        this.config = config.detectors().weeklyGrowth();
    }

    @Override
    public String type() {
        return "weekly_growth";
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public Uni<List<Finding>> findings(SqlClient sql, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Instant weekAgo = end.minus(Duration.ofDays(7));
        return stats.stats(sql, List.of("team", "feature"), weekAgo, end, weekAgo.minus(Duration.ofDays(7)), weekAgo)
                .map(all -> all.stream()
                        .filter(s -> s.history().usd().compareTo(config.minPreviousUsd()) >= 0)
                        .map(s -> {
                            Finding f = Finding.of(type(), s.scope(), s.scopeId(), s.recent().usd(), s.history().usd(),
                                    config.threshold(), "");
                            return f.explained(String.format("%s spent %s USD in the last 7 days against %s USD"
                                                    + " the week before: %sx (limit %sx)",
                                            Subjects.name(s.scope(), s.scopeId()), s.recent().usd().toPlainString(),
                                            s.history().usd().toPlainString(), f.ratio().toPlainString(),
                                            config.threshold().toPlainString()));
                        }).toList());
    }
}
