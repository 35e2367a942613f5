package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.UsageFeedStub.Usage;
import dev.finops.budget.service.BudgetFeedConsumer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus metrics, scraped from /q/metrics. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class MetricsTest {

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    BudgetFeedConsumer consumer;

    @Test
    void spendRatioChecksAlertsAndFeedLagAreExported() {
        String admin = Api.key(ingest, "admin", null);
        String team = unique("team");
        String name = unique("metered");
        Api.budget(admin, "{\"name\":\"" + name + "\",\"scope\":{\"team\":\"" + team + "\"},\"period\":\"monthly\","
                + "\"amountUsd\":10,\"alertAtPercent\":[20],\"hardLimitPercent\":25}");
        Feeds.drainAll(consumer);
        double refusedBefore = value(scrape(), "finops_budget_checks_total\\{[^}]*result=\"refused\"[^}]*\\}");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "2.5"));
        Feeds.drainAll(consumer);
        as(Api.key(ingest, "ingest", team)).body("{}").post("/api/v1/budgets/check").then().statusCode(429);

        String metrics = scrape();
        assertEquals(0.25, value(metrics, "finops_budget_spend_ratio\\{[^}]*budget=\"" + name + "\"[^}]*\\}"), 1e-9);
        assertEquals(refusedBefore + 1, value(metrics, "finops_budget_checks_total\\{[^}]*result=\"refused\"[^}]*\\}"), 1e-9);
        assertTrue(value(metrics, "finops_budget_check_seconds_count(\\{[^}]*\\})?") >= 1);
        assertTrue(value(metrics, "finops_alerts_fired_total\\{[^}]*type=\"budget_threshold\"[^}]*\\}") >= 1);
        assertTrue(value(metrics, "finops_alerts_fired_total\\{[^}]*type=\"budget_hard_limit\"[^}]*\\}") >= 1);
        // exist from start-up, so rate() sees the first end of a condition
        assertTrue(value(metrics, "finops_alerts_resolved_total\\{[^}]*type=\"budget_threshold\"[^}]*\\}") >= 0);
        assertTrue(value(metrics, "finops_alerts_resolved_total\\{[^}]*type=\"external\"[^}]*\\}") >= 0);
        assertTrue(value(metrics, "finops_budget_feed_lag_seconds(\\{[^}]*\\})?") >= 0);
        assertTrue(value(metrics, "finops_budget_feed_events_total(\\{[^}]*\\})?") >= 1);
    }

    static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+|NaN)$").matcher(metrics);
        assertTrue(m.find(), () -> "no series " + series);
        return Double.parseDouble(m.group(m.groupCount()));
    }
}
