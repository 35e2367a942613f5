package dev.finops.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus metrics a platform team alerts on, scraped as Prometheus would. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class MetricsTest {

    @Test
    void countsEventsCostTokensRunsToolCallsAndRejections() {
        Api.refreshRates();
        String team = Api.unique("team");
        String agent = Api.unique("agent");
        String key = Api.key("ingest", team);
        String session = Api.unique("session");
        double duplicatesBefore = value(scrape(), "finops_usage_duplicates_total", "");
        double runsBefore = value(scrape(), "agent_runs_total", "");
        double invalidBefore = value(scrape(), "finops_usage_rejected_total", "reason=\"invalid\"");

        String event = "{\"eventId\":\"%s\",\"timestamp\":\"" + Api.now() + "\",\"model\":\"%s\",\"inputTokens\":1000,"
                + "\"cachedInputTokens\":400,\"outputTokens\":200,\"reasoningTokens\":50,\"agentId\":\"" + agent
                + "\",\"sessionId\":\"" + session + "\",\"runId\":\"%s\",\"toolCalls\":3}";
        String run = Api.unique("run");
        Api.post(key, "[" + String.format(event, "a", "gpt-4o", run) + "," + String.format(event, "b", "gpt-4o", run)
                + "," + String.format(event, "c", "mystery-model", Api.unique("run")) + "]").statusCode(200);
        Api.post(key, "[" + String.format(event, "a", "gpt-4o", run) + "]").statusCode(200);
        Api.post(key, "{\"eventId\":\"bad\"}").statusCode(400);

        String metrics = scrape();
        String labels = "agent=\"" + agent + "\",model=\"gpt-4o\",provider=\"none\",team=\"" + team + "\"";
        assertEquals(2.0, value(metrics, "finops_usage_events_total", labels));
        // 600 uncached x 0.0025 + 400 x 0.00125 + 150 x 0.01 + 50 x 0.01, per 1K tokens, twice
        assertEquals(0.008, value(metrics, "finops_cost_usd_total", labels), 1e-12);
        assertEquals(800.0, value(metrics, "finops_tokens_total", labels + ",type=\"cached_input\""), "cached tokens");
        assertEquals(1.0, value(metrics, "finops_unpriced_events_total",
                labels.replace("gpt-4o", "mystery-model")));
        assertEquals(9.0, value(metrics, "agent_tool_calls_total", "agent=\"" + agent + "\",team=\"" + team + "\""));
        assertEquals(2.0, value(metrics, "agent_runs_total", "") - runsBefore);
        assertEquals(1.0, value(metrics, "finops_usage_duplicates_total", "") - duplicatesBefore);
        assertEquals(1.0, value(metrics, "finops_usage_rejected_total", "reason=\"invalid\"") - invalidBefore);
        assertTrue(metrics.contains("finops_ingest_request_seconds_count"));
        assertTrue(metrics.contains("finops_ingest_commit_seconds_bucket"));
        assertTrue(metrics.contains("finops_ingest_batch_size_count"));
        assertFalse(metrics.contains(session), "session ids never become label values");
        assertFalse(metrics.contains(run), "run ids never become label values");
    }

    @Test
    void theSeriesOfDashboardPanelsAndRulesExistBeforeTheirFirstEvent() {
        String metrics = scrape();
        // model "none" never comes from an event (model is required): this series is the start-up one, at 0
        assertEquals(0.0, value(metrics, "finops_unpriced_events_total",
                "agent=\"none\",model=\"none\",provider=\"none\",team=\"none\""), "the start-up series");
        assertTrue(metrics.contains("finops_unpriced_events_total{agent=\"none\",model=\"none\""), metrics);
        assertTrue(Pattern.compile("^agent_runs_total [0-9.]+$", Pattern.MULTILINE).matcher(metrics).find());
        for (String result : new String[] {"stored", "duplicate", "ignored", "rejected"}) {
            assertTrue(metrics.contains("finops_otlp_spans_total{result=\"" + result + "\"}"), result);
        }
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series, or 0 when absent; {@code labels} is the exact label set in Prometheus order. */
    private static double value(String metrics, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
