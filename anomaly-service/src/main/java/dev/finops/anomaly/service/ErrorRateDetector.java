package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.DetectorStatsRepository;
import dev.finops.anomaly.repository.DetectorStatsRepository.Stats;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** An agent's share of failed calls in the current and last hour above the configured rate (failed calls cost too). */
@Singleton
public class ErrorRateDetector extends AgentRecentHoursDetector {

    private final AnomalyConfig.ErrorRate config;

    public ErrorRateDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        super(stats, "error_rate", config.detectors().errorRate().enabled(), false);
        this.config = config.detectors().errorRate();
    }

    @Override
    Optional<Finding> evaluate(Stats s) {
        if (s.recent().calls() < config.minCalls()) {
            return Optional.empty();
        }
        BigDecimal rate = BigDecimal.valueOf(s.recent().errors())
                .divide(BigDecimal.valueOf(s.recent().calls()), 4, RoundingMode.HALF_EVEN);
        // observed and expected are rates; the ratio to the allowed rate fires above 1
        Finding f = Finding.of(type(), s.scope(), s.scopeId(), rate, config.maxRate(), BigDecimal.ONE, "");
        return Optional.of(f.explained(String.format("agent '%s' failed %d of %d calls in the last two"
                        + " hours (%s%%), above the allowed %s%% (%s USD spent meanwhile)", s.scopeId(),
                s.recent().errors(), s.recent().calls(), percent(rate), percent(config.maxRate()),
                s.recent().usd().toPlainString())));
    }

    private static String percent(BigDecimal share) {
        return share.movePointRight(2).stripTrailingZeros().toPlainString();
    }
}
