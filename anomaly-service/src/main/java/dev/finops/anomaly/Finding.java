package dev.finops.anomaly;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one detector observed for one subject at one run: the observed value against the expected one, their
 * ratio, the ratio above which it is an anomaly, and a sentence a person on call understands.
 */
public record Finding(String type, String scope, String scopeId, String agentId, String teamId, BigDecimal observed,
                      BigDecimal expected, BigDecimal ratio, BigDecimal threshold, String explanation) {

    /** Decimal places of ratios. */
    public static final int RATIO_SCALE = 4;

    public boolean breached() {
        return ratio.compareTo(threshold) > 0;
    }

    /** At or below the clear level the anomaly may resolve; between it and the threshold it stays as it is. */
    public boolean clear(BigDecimal clearFactor) {
        return ratio.compareTo(threshold.multiply(clearFactor)) <= 0;
    }

    /** This finding with the sentence that explains it. */
    public Finding explained(String sentence) {
        return new Finding(type, scope, scopeId, agentId, teamId, observed, expected, ratio, threshold, sentence);
    }

    public static BigDecimal ratio(BigDecimal observed, BigDecimal expected) {
        return observed.divide(expected, RATIO_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** A subject of a detector: the agent or team it is about, derived from the scope. */
    public static Finding of(String type, String scope, String scopeId, BigDecimal observed, BigDecimal expected,
                             BigDecimal threshold, String explanation) {
        return new Finding(type, scope, scopeId, "agent".equals(scope) ? scopeId : null,
                "team".equals(scope) ? scopeId : null, observed, expected, ratio(observed, expected), threshold,
                explanation);
    }
}
