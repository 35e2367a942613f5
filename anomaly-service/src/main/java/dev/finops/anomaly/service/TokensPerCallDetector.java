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

/** An agent's average tokens per call in the current and last hour above 2x its average of the 7 days before. */
@ApplicationScoped
public class TokensPerCallDetector implements Detector {

    private final DetectorStatsRepository stats;
    private final AnomalyConfig.TokensPerCall config;

    public TokensPerCallDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        this.stats = stats;
        this.config = config.detectors().tokensPerCall();
    }

    @Override
    public String type() {
        return "tokens_per_call";
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
                .filter(s -> s.recent().calls() >= config.minCalls() && s.history().calls() >= config.minCalls())
                .filter(s -> s.history().tokens() > 0)
                .map(s -> {
                    BigDecimal observed = perCall(s.recent().tokens(), s.recent().calls());
                    BigDecimal usual = perCall(s.history().tokens(), s.history().calls());
                    return Finding.of(type(), s.scope(), s.scopeId(), observed, usual, config.threshold(),
                            String.format("agent '%s' used %s tokens per call over %d calls in the last two hours,"
                                            + " %sx its 7-day average of %s (limit %sx): a prompt or retrieval blow-up?",
                                    s.scopeId(), observed.toPlainString(), s.recent().calls(),
                                    Finding.ratio(observed, usual).toPlainString(), usual.toPlainString(),
                                    config.threshold().toPlainString()));
                }).toList());
    }

    private static BigDecimal perCall(long tokens, long calls) {
        return BigDecimal.valueOf(tokens).divide(BigDecimal.valueOf(calls), 2, RoundingMode.HALF_EVEN);
    }
}
