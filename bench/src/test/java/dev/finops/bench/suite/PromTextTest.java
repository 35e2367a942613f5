package dev.finops.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromTextTest {

    private static final String SCRAPE = """
            # HELP finops_budget_check_seconds Server-side time of a budget check
            # TYPE finops_budget_check_seconds summary
            finops_budget_check_seconds{quantile="0.5"} 1.2E-4
            finops_budget_check_seconds{quantile="0.99"} 0.00235
            finops_budget_check_seconds_count 1500.0
            finops_budget_check_seconds_sum 0.3
            finops_cache_lookup_duration_seconds_count{stage="embed"} 10.0
            finops_cache_lookup_duration_seconds_count{stage="search"} 7.0
            finops_tokens_total{model="a,b",note="say \\"hi\\"",type="input"} 5.0
            finops_tokens_total{model="c",type="input"} 2.0
            """;

    @Test
    void findsASampleByNameAndLabels() {
        PromText p = PromText.parse(SCRAPE);
        assertEquals(0.00235, p.value("finops_budget_check_seconds", "quantile", "0.99").orElseThrow());
        assertEquals(1500.0, p.value("finops_budget_check_seconds_count").orElseThrow());
        assertEquals(7.0, p.value("finops_cache_lookup_duration_seconds_count", "stage", "search").orElseThrow());
        assertTrue(p.value("finops_budget_check_seconds", "quantile", "0.999").isEmpty());
    }

    @Test
    void sumsEverySeriesOfAName() {
        PromText p = PromText.parse(SCRAPE);
        assertEquals(17.0, p.sum("finops_cache_lookup_duration_seconds_count"));
        assertEquals(7.0, p.sum("finops_tokens_total", "type", "input"));
    }

    @Test
    void readsQuotedCommasAndEscapesInLabelValues() {
        PromText p = PromText.parse(SCRAPE);
        assertEquals(5.0, p.value("finops_tokens_total", "model", "a,b").orElseThrow());
        assertEquals(5.0, p.value("finops_tokens_total", "note", "say \"hi\"").orElseThrow());
    }
}
