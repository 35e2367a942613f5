package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.DetectorStatsRepository;
import dev.finops.anomaly.repository.DetectorStatsRepository.Stats;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * An agent's spend in the current hour so far or the last full hour (whichever is higher, so a sustained spike does
 * not clear at every full hour) above 3x the mean of its active hours in the 7 days before.
 */
@Singleton
public class AgentHourlyCostDetector extends AgentRecentHoursDetector {

    private final AnomalyConfig.AgentHourlyCost config;

    public AgentHourlyCostDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        super(stats, "agent_hourly_cost", config.detectors().agentHourlyCost().enabled(), true);
        this.config = config.detectors().agentHourlyCost();
    }

    @Override
    Optional<Finding> evaluate(Stats s) {
        if (s.history().activeHours() < config.minActiveHours() || s.recent().maxHourUsd().compareTo(config.minUsd()) < 0) {
            return Optional.empty();
        }
        BigDecimal observed = s.recent().maxHourUsd();
        BigDecimal mean = s.history().usd().divide(BigDecimal.valueOf(s.history().activeHours()), 10,
                RoundingMode.HALF_EVEN);
        return Optional.of(Finding.of(type(), s.scope(), s.scopeId(), observed, mean, config.threshold(),
                String.format("agent '%s' spent %s USD in an hour, %sx the mean of its active hours in the"
                                + " previous 7 days (%s USD over %d hours; limit %sx)", s.scopeId(),
                        observed.toPlainString(), Finding.ratio(observed, mean).toPlainString(),
                        mean.stripTrailingZeros().toPlainString(), s.history().activeHours(),
                        config.threshold().toPlainString())));
    }
}
