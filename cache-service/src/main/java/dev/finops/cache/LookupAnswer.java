package dev.finops.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * The answer to a lookup: a hit ({@code match} exact or semantic) with the stored response, or a miss with the best
 * similarity seen and, when a candidate was close enough but refused, why ({@code numbers}, {@code dates},
 * {@code negation}). {@code savedUsd} is absent when pricing-service could not value the hit. {@code sharedFrom}: the
 * team whose entry answered, when it is not the caller's (a namespace that team shares).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LookupAnswer(boolean hit, String match, UUID entryId, String response, Double similarity,
                           BigDecimal savedUsd, String matchedPrompt, String sharedFrom, Double bestSimilarity,
                           String reason) {

    public static LookupAnswer hit(String match, UUID entryId, String response, double similarity, BigDecimal savedUsd,
                                   String matchedPrompt, String sharedFrom) {
        return new LookupAnswer(true, match, entryId, response, round(similarity), savedUsd, matchedPrompt, sharedFrom,
                null, null);
    }

    public static LookupAnswer miss(Double bestSimilarity, String reason) {
        return new LookupAnswer(false, null, null, null, null, null, null, null,
                bestSimilarity == null ? null : round(bestSimilarity), reason);
    }

    private static double round(double similarity) {
        return Math.round(similarity * 10_000) / 10_000.0;
    }
}
