package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.DetectorStatsRepository;
import dev.finops.anomaly.repository.DetectorStatsRepository.Stats;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** An agent's average tokens per call in the current and last hour above 2x its average of the 7 days before. */
@Singleton
public class TokensPerCallDetector extends AgentRecentHoursDetector {

    private final AnomalyConfig.TokensPerCall config;

    public TokensPerCallDetector(DetectorStatsRepository stats, AnomalyConfig config) {
        super(stats, "tokens_per_call", config.detectors().tokensPerCall().enabled(), true);
        this.config = config.detectors().tokensPerCall();
    }

    @Override
    Optional<Finding> evaluate(Stats s) {
        if (s.recent().calls() < config.minCalls() || s.history().calls() < config.minCalls()
                || s.history().tokens() <= 0) {
            return Optional.empty();
        }
        BigDecimal observed = perCall(s.recent().tokens(), s.recent().calls());
        BigDecimal usual = perCall(s.history().tokens(), s.history().calls());
        return Optional.of(Finding.of(type(), s.scope(), s.scopeId(), observed, usual, config.threshold(),
                String.format("agent '%s' used %s tokens per call over %d calls in the last two hours,"
                                + " %sx its 7-day average of %s (limit %sx): a prompt or retrieval blow-up?",
                        s.scopeId(), observed.toPlainString(), s.recent().calls(),
                        Finding.ratio(observed, usual).toPlainString(), usual.toPlainString(),
                        config.threshold().toPlainString())));
    }

    private static BigDecimal perCall(long tokens, long calls) {
        return BigDecimal.valueOf(tokens).divide(BigDecimal.valueOf(calls), 2, RoundingMode.HALF_EVEN);
    }
}
