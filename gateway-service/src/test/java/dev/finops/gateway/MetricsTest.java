package dev.finops.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The outbox's and the rate limits' series exist from start-up (dashboards and alert rules need them at 0). */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class MetricsTest extends GatewayTestBase {

    @Test
    void theOutboxAndRateLimitSeriesAreScraped() {
        String scrape = scrape();
        for (String series : new String[] {
                "finops_gateway_outbox_pending",
                "finops_gateway_outbox_delivered_total",
                "finops_gateway_outbox_dead_total",
                "finops_gateway_outbox_failed_total\\{reason=\"unavailable\"\\}",
                "finops_gateway_outbox_failed_total\\{reason=\"connection\"\\}",
                "finops_gateway_outbox_failed_total\\{reason=\"timeout\"\\}",
                "finops_gateway_outbox_failed_total\\{reason=\"refused\"\\}",
                "finops_gateway_ratelimit_refusals_total\\{scope=\"key\"\\}",
                "finops_gateway_ratelimit_refusals_total\\{scope=\"team\"\\}",
                "finops_gateway_ratelimit_refusals_total\\{scope=\"agent\"\\}",
                "finops_gateway_ratelimit_lease_claims_total",
                "finops_gateway_ratelimit_window_queries_total"}) {
            assertTrue(metric(scrape, series) >= 0, series);
        }
    }
}
