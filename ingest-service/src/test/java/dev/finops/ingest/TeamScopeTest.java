package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static dev.finops.ingest.Api.unique;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key bound to a team reads only its team (decision 0019): every report, the export and the feed. Two teams report
 * usage; team A's keys see A's, name B and get 403 naming A; org keys see both.
 */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamScopeTest {

    final String teamA = unique("research");
    final String teamB = unique("marketing");
    String ingestA;
    String ingestB;
    String readerA;

    @BeforeEach
    void twoTeamsReportUsageOnce() {
        if (ingestA != null) {
            return;
        }
        Api.refreshRates();
        ingestA = Api.key("ingest", teamA);
        ingestB = Api.key("ingest", teamB);
        readerA = Api.key("reader", teamA);
        for (int i = 0; i < 3; i++) {
            Api.post(ingestA, Api.event(unique("a"), "gpt-4o", 1000, 1000)).statusCode(201);
        }
        for (int i = 0; i < 2; i++) {
            Api.post(ingestB, Api.event(unique("b"), "gpt-4o", 1000, 1000)).statusCode(201);
        }
    }

    @Test
    void aTeamReaderSeesOnlyItsTeamInAllocations() {
        as(readerA).get("/api/v1/finops/allocations").then().statusCode(200)
                .body("byTeam", hasSize(1)).body("byTeam[0].key", equalTo(teamA)).body("byTeam[0].calls", equalTo(3))
                .body("byAgent.teamId", everyItem(equalTo(teamA)))
                .body("totalCostUsd", comparesEqualTo(new BigDecimal("0.0375")));
        as(Api.key("reader", null)).get("/api/v1/finops/allocations").then().statusCode(200)
                .body("byTeam.key", hasItems(teamA, teamB));
        as(Api.ADMIN_KEY).queryParam("teamId", teamB).get("/api/v1/finops/allocations").then().statusCode(200)
                .body("byTeam.key", equalTo(List.of(teamB)));
    }

    @Test
    void aTeamKeyNamingAnotherTeamIsRefusedWithItsOwnTeamNamed() {
        for (String path : List.of("trends", "allocations", "allocations/by-model", "team-breakdown",
                "model-breakdown", "agent-breakdown", "feature-breakdown", "customer-breakdown",
                "environment-breakdown", "provider-breakdown", "summary", "projection", "changes", "chargeback",
                "export", "customers", "unit-costs?outcome=ticket_resolved")) {
            ValidatableResponse r = as(readerA).queryParam("teamId", teamB).get("/api/v1/finops/" + path).then();
            r.statusCode(403).body("detail", containsString("'" + teamA + "'")).body("errors[0].field",
                    equalTo("teamId"));
            as(readerA).queryParam("teamId", teamA).get("/api/v1/finops/" + path).then().statusCode(200);
        }
        as(readerA).queryParam("teamId", teamB).get("/api/v1/usage/feed").then().statusCode(403)
                .body("detail", containsString(teamA));
    }

    @Test
    void everyReportOfATeamKeyHoldsOnlyItsTeam() {
        as(readerA).get("/api/v1/finops/trends").then().statusCode(200).body("totalCalls", equalTo(3));
        as(readerA).get("/api/v1/finops/team-breakdown").then().statusCode(200)
                .body("items.key", equalTo(List.of(teamA)));
        as(readerA).get("/api/v1/finops/model-breakdown").then().statusCode(200).body("totalCalls", equalTo(3));
        as(readerA).get("/api/v1/finops/allocations/by-model").then().statusCode(200).body("totalCalls", equalTo(3));
        as(readerA).get("/api/v1/finops/summary").then().statusCode(200).body("monthToDateCalls", equalTo(3));
        as(readerA).get("/api/v1/finops/projection").then().statusCode(200)
                .body("byTeam.teamId", equalTo(List.of(teamA)));
        as(readerA).get("/api/v1/finops/changes").then().statusCode(200).body("items.key", equalTo(List.of(teamA)));
        String csv = as(readerA).queryParam("days", 1).get("/api/v1/finops/export").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.contains(teamA));
        assertFalse(csv.contains(teamB), "team A's export holds no row of team B");
    }

    @Test
    void aWorkloadKeyReadsItsOwnTeamsSpend() {
        as(ingestA).get("/api/v1/finops/trends").then().statusCode(200).body("totalCalls", equalTo(3));
        as(ingestB).get("/api/v1/finops/trends?days=1").then().statusCode(200).body("totalCalls", equalTo(2));
        as(ingestB).queryParam("teamId", teamA).get("/api/v1/finops/trends").then().statusCode(403)
                .body("detail", containsString("'" + teamB + "'"));
    }

    @Test
    void chargebackOfATeamKeyIsItsOwnLineWithoutTheOrgBudget() {
        PricingStub.budgetsAnswer("[{\"id\":\"b1\",\"name\":\"a\",\"scope\":{\"team\":\"" + teamA + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":1.00,\"enabled\":true},"
                + "{\"id\":\"b2\",\"name\":\"b\",\"scope\":{\"team\":\"" + teamB + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":2.00,\"enabled\":true},"
                + "{\"id\":\"b3\",\"name\":\"org\",\"scope\":{},\"period\":\"monthly\",\"amountUsd\":1000,\"enabled\":true}]");
        try {
            as(readerA).get("/api/v1/finops/chargeback").then().statusCode(200)
                    .body("teams.teamId", equalTo(List.of(teamA)))
                    .body("teams[0].budgetUsd", comparesEqualTo(new BigDecimal("1.00")))
                    .body("totalSpendUsd", comparesEqualTo(new BigDecimal("0.0375")))
                    .body("orgBudgetUsd", nullValue());
            as(Api.ADMIN_KEY).get("/api/v1/finops/chargeback").then().statusCode(200)
                    .body("teams.teamId", hasItems(teamA, teamB)).body("orgBudgetUsd", equalTo(1000));
        } finally {
            PricingStub.budgetsAnswer("[]");
        }
    }

    @Test
    void theSummaryAsksCacheServiceForTheTeamsHitRate() {
        as(readerA).get("/api/v1/finops/summary").then().statusCode(200);
        PricingStub.server().verify(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/api/v1/finops/roi-stats"))
                .withQueryParam("teamId", WireMock.equalTo(teamA)));
    }

    @Test
    void theFeedOfATeamKeyHoldsOnlyItsTeamsEventsAndItsCursorReadsOn() {
        List<String> teams = new ArrayList<>();
        String first = null;
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            var json = as(readerA).queryParam("after", cursor).queryParam("limit", 2).get("/api/v1/usage/feed")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> events = json.getList("events");
            events.forEach(e -> teams.add((String) e.get("teamId")));
            first = first == null && !events.isEmpty() ? (String) events.get(0).get("cursor") : first;
            cursor = json.getString("nextCursor");
            if (!json.getBoolean("hasMore")) {
                break;
            }
        }
        assertEquals(List.of(teamA, teamA, teamA), teams);
        as(readerA).queryParam("after", cursor).get("/api/v1/usage/feed").then().statusCode(200)
                .body("events", hasSize(0)).body("nextCursor", equalTo(cursor));
        as(ingestB).get("/api/v1/usage/feed").then().statusCode(200)
                .body("events.teamId", equalTo(List.of(teamB, teamB)));
        // budget and anomaly read the feed with service keys: every team's events (B's came after A's first)
        as(Api.SERVICE_KEY).queryParam("after", first).queryParam("limit", 5000).get("/api/v1/usage/feed")
                .then().statusCode(200).body("events.teamId", hasItems(teamA, teamB));
        as(Api.ADMIN_KEY).queryParam("after", first).queryParam("teamId", teamB).get("/api/v1/usage/feed")
                .then().statusCode(200).body("events.teamId", equalTo(List.of(teamB, teamB)))
                .body("events.teamId", not(hasItem(teamA)));
    }
}
