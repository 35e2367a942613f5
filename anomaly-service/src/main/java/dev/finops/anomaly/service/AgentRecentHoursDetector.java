package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import dev.finops.anomaly.repository.DetectorStatsRepository;
import dev.finops.anomaly.repository.DetectorStatsRepository.Stats;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A detector that judges each agent by its last two hours (the previous and the current hour), against the
 * seven days before them when it compares with history.
 */
abstract class AgentRecentHoursDetector implements Detector {

    private final DetectorStatsRepository stats;
    private final String type;
    private final boolean enabled;
    private final boolean withHistory;

    AgentRecentHoursDetector(DetectorStatsRepository stats, String type, boolean enabled, boolean withHistory) {
        this.stats = stats;
        this.type = type;
        this.enabled = enabled;
        this.withHistory = withHistory;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Uni<List<Finding>> findings(SqlClient sql, Instant now) {
        Instant recent = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant end = recent.plus(Duration.ofHours(2));
        Instant historyFrom = withHistory ? recent.minus(Duration.ofDays(7)) : end;
        Instant historyTo = withHistory ? recent : end;
        return stats.stats(sql, List.of("agent"), recent, end, historyFrom, historyTo)
                .map(all -> all.stream().map(this::evaluate).flatMap(Optional::stream).toList());
    }

    /** The finding for one agent, or empty when there is too little data to judge it. */
    abstract Optional<Finding> evaluate(Stats s);
}
