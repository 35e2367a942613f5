package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 18 in ingest: unpriced spend is money, per-event ceilings, voids and corrections, canonical models. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class UnpricedAndCorrectionsTest {

    private static final AtomicLong VERSIONS = new AtomicLong(3_000_000 + Instant.now().getEpochSecond() % 1_000_000);

    private static String event(String id, String provider, String model, long input, long output) {
        return String.format("{\"eventId\":\"%s\",\"timestamp\":\"%s\",\"model\":\"%s\",\"provider\":\"%s\","
                + "\"inputTokens\":%d,\"outputTokens\":%d}", id, Api.now(), model, provider, input, output);
    }

    /** The feed entries of one team, in order. */
    private static List<Map<String, Object>> feed(String team) {
        return as(Api.ADMIN_KEY).get("/api/v1/usage/feed?limit=5000&teamId=" + team).then().statusCode(200)
                .extract().jsonPath().getList("events");
    }

    private static JsonPath modelBreakdown(String team) {
        return as(Api.ADMIN_KEY).get("/api/v1/finops/model-breakdown?days=1&teamId=" + team).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void theWhyCase_unpricedUsageGetsAProvisionalCostAndIsRevaluedExactlyWhenARateArrives() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String model = Api.unique("fallbackco-next");
        // 5M input, 1M output at the configured fallback 0.002 / 0.008 per 1K: 10 + 8 = 18
        String cost = Api.post(key, event("why-1", "fallbackco", model, 5_000_000, 1_000_000)).statusCode(201)
                .body("priced", equalTo(true)).body("provisional", equalTo(true))
                .body("pricedModel", equalTo("fallback:fallbackco")).extract().path("costUsd").toString();
        assertEquals(0, new BigDecimal("18").compareTo(new BigDecimal(cost)));

        List<Map<String, Object>> entries = feed(team);
        assertEquals(1, entries.size());
        assertEquals(true, entries.get(0).get("provisional"));
        assertEquals("fallback:fallbackco", entries.get(0).get("pricedModel"));
        assertEquals(0, new BigDecimal("18").compareTo(new BigDecimal(entries.get(0).get("costUsd").toString())));
        JsonPath report = modelBreakdown(team);
        assertEquals(0, new BigDecimal("18").compareTo(report.getObject("items[0].provisionalUsd", BigDecimal.class)));

        // pricing gets a rate for the model: 5000 x 0.001 + 1000 x 0.002 = 7; the refresh revalues by exactly -11
        PricingStub.addRate(model, "fallbackco", "0.001", "0.002", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        Api.refreshRates();
        entries = feed(team);
        assertEquals(2, entries.size());
        Map<String, Object> revaluation = entries.get(1);
        assertEquals("revaluation", revaluation.get("kind"));
        assertEquals(false, revaluation.get("provisional"));
        assertEquals(model, revaluation.get("pricedModel"));
        assertEquals(0, new BigDecimal("-11").compareTo(new BigDecimal(revaluation.get("costUsd").toString())));
        report = modelBreakdown(team);
        assertEquals(0, new BigDecimal("7").compareTo(report.getObject("items[0].costUsd", BigDecimal.class)));
        assertEquals(0, BigDecimal.ZERO.compareTo(report.getObject("items[0].provisionalUsd", BigDecimal.class)));

        // a second refresh finds nothing provisional left
        Api.refreshRates();
        assertEquals(2, feed(team).size());
    }

    @Test
    void withoutAFallbackTheProvidersDearestCurrentRateIsUsed_andAProviderWithNoRatesStaysUnpriced() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String provider = Api.unique("fam");
        PricingStub.addRate(Api.unique("cheap"), provider, "0.001", "0.002", "2020-01-01T00:00:00Z",
                VERSIONS.incrementAndGet());
        String dear = Api.unique("dear");
        PricingStub.addRate(dear, provider, "0.01", "0.03", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        Api.refreshRates();
        // 1000 x 0.01/1K + 1000 x 0.03/1K = 0.04
        Api.post(key, event("fam-1", provider, Api.unique("unknown"), 1000, 1000)).statusCode(201)
                .body("provisional", equalTo(true)).body("pricedModel", equalTo(dear))
                .body("costUsd", equalTo(new BigDecimal("0.04")));
        Api.post(key, event("fam-2", Api.unique("nobody"), Api.unique("unknown"), 1000, 1000)).statusCode(201)
                .body("priced", equalTo(false)).body("provisional", equalTo(false)).body("$", hasKey("costUsd"));
    }

    @Test
    void anEventAboveACeilingCountsNowhereUntilReleased() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String otherTeamKey = Api.key("ingest", Api.unique("team"));
        String model = Api.unique("ceil");
        PricingStub.addRate(model, "test", "0.001", "0.002", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        Api.refreshRates();
        String typo = event("typo", "test", model, 1_000_000_000_000L, 10);
        Api.post(key, typo).statusCode(202).body("quarantined", equalTo(true))
                .body("reason", containsString("finops.ingest.ceilings.max-tokens = 10000000"))
                .body("costUsd", nullValue());
        // a cost ceiling too: 900,000 input tokens x 0.001... is $900, within; 1M tokens at a dear rate is not
        String dear = Api.unique("dear");
        PricingStub.addRate(dear, "test", "2", "2", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        Api.refreshRates();
        // a batch: the within-ceiling item applies, the other is held
        as(key).contentType(ContentType.JSON).body("[" + event("ok", "test", model, 1000, 1000) + ","
                        + event("pricey", "test", dear, 1_000_000, 0) + "]").post("/api/v1/usage").then()
                .statusCode(200).body("accepted", equalTo(1)).body("quarantined", equalTo(1))
                .body("events[0].quarantined", equalTo(false)).body("events[1].quarantined", equalTo(true))
                .body("events[1].reason", containsString("finops.ingest.ceilings.max-cost-usd = 1000"));

        // counted nowhere: only "ok" is in the feed and the reports
        assertEquals(List.of("ok"), feed(team).stream().map(e -> e.get("eventId")).toList());
        assertEquals(1L, modelBreakdown(team).getLong("totalCalls"));

        // listed for the admin and the team's own key, not for another team's
        as(Api.ADMIN_KEY).get("/api/v1/usage/quarantine?teamId=" + team).then().statusCode(200)
                .body("eventId", hasItem("typo")).body("eventId", hasItem("pricey"));
        as(key).get("/api/v1/usage/quarantine").then().statusCode(200).body("size()", equalTo(2));
        as(otherTeamKey).get("/api/v1/usage/quarantine").then().statusCode(200).body("eventId",
                org.hamcrest.Matchers.not(hasItem("typo")));
        as(otherTeamKey).get("/api/v1/usage/quarantine?teamId=" + team).then().statusCode(403);
        as(key).post("/api/v1/usage/quarantine/typo:release").then().statusCode(403);

        // released: ingested normally, with its eventId; a replay of the same body is a duplicate
        as(Api.ADMIN_KEY).post("/api/v1/usage/quarantine/typo:release?teamId=" + team).then().statusCode(200)
                .body("event.eventId", equalTo("typo")).body("event.priced", equalTo(true));
        assertEquals(List.of("ok", "typo"), feed(team).stream().map(e -> e.get("eventId")).toList());
        assertEquals(2L, modelBreakdown(team).getLong("totalCalls"));
        as(Api.ADMIN_KEY).post("/api/v1/usage/quarantine/typo:release?teamId=" + team).then().statusCode(409);
        as(Api.ADMIN_KEY).post("/api/v1/usage/quarantine/pricey:discard?teamId=" + team).then().statusCode(200)
                .body("resolution", equalTo("discarded"));
        as(Api.ADMIN_KEY).get("/api/v1/usage/quarantine?teamId=" + team).then().statusCode(200)
                .body("size()", equalTo(0));
        as(Api.ADMIN_KEY).get("/api/v1/audit?kind=quarantine&limit=500").then().statusCode(200)
                .body("findAll { it.teamId == '" + team + "' }.action", hasItem("release"))
                .body("findAll { it.teamId == '" + team + "' }.action", hasItem("discard"));
    }

    @Test
    void aVoidMovesTheFeedReportsAndExportByExactlyTheEventsCost_andASecondVoidIs409() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String model = Api.unique("voidable");
        PricingStub.addRate(model, "test", "0.003", "0.015", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        Api.refreshRates();
        // 1234 x 0.003/1K + 567 x 0.015/1K = 0.003702 + 0.008505 = 0.012207
        Api.post(key, event("keep", "test", model, 1000, 1000)).statusCode(201);
        Api.post(key, event("oops", "test", model, 1234, 567)).statusCode(201)
                .body("costUsd", equalTo(new BigDecimal("0.012207")));
        BigDecimal before = modelBreakdown(team).getObject("totalCostUsd", BigDecimal.class);
        BigDecimal exportBefore = exportCost(team);

        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{}").post("/api/v1/usage/oops:void?teamId=" + team)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        as(key).contentType(ContentType.JSON).body("{\"reason\":\"x\"}").post("/api/v1/usage/oops:void")
                .then().statusCode(403);
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"reason\":\"test traffic\"}")
                .post("/api/v1/usage/oops:void?teamId=" + team).then().statusCode(200)
                .body("deltaUsd", equalTo(new BigDecimal("-0.012207")));

        BigDecimal delta = new BigDecimal("0.012207");
        assertEquals(0, before.subtract(delta).compareTo(modelBreakdown(team).getObject("totalCostUsd",
                BigDecimal.class)));
        assertEquals(0, exportBefore.subtract(delta).compareTo(exportCost(team)));
        Map<String, Object> last = feed(team).get(2);
        assertEquals("revaluation", last.get("kind"));
        assertEquals("oops", last.get("eventId"));
        assertEquals(0, delta.negate().compareTo(new BigDecimal(last.get("costUsd").toString())));
        assertEquals(-1234, ((Number) last.get("inputTokens")).intValue());
        assertEquals(-567, ((Number) last.get("outputTokens")).intValue());

        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"reason\":\"again\"}")
                .post("/api/v1/usage/oops:void?teamId=" + team).then().statusCode(409);
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"reason\":\"x\"}")
                .post("/api/v1/usage/no-such-event:void?teamId=" + team).then().statusCode(404);
        as(Api.ADMIN_KEY).get("/api/v1/audit?kind=usage-correction&limit=500").then().statusCode(200)
                .body("findAll { it.teamId == '" + team + "' }.action", hasItem("void"));
    }

    @Test
    void aCorrectionAppendsTheExactDelta() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String model = Api.unique("correctable");
        PricingStub.addRate(model, "test", "0.001", "0.002", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        Api.refreshRates();
        // 1000 x 0.001/1K + 1000 x 0.002/1K = 0.003; corrected to 500 output tokens: 0.002, delta -0.001
        Api.post(key, event("c1", "test", model, 1000, 1000)).statusCode(201);
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"reason\":\"x\"}")
                .post("/api/v1/usage/c1:correct?teamId=" + team).then().statusCode(400);
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"outputTokens\":500,\"reason\":\"double count\"}")
                .post("/api/v1/usage/c1:correct?teamId=" + team).then().statusCode(200)
                .body("deltaUsd", equalTo(new BigDecimal("-0.001")))
                .body("before.outputTokens", equalTo(1000)).body("after.outputTokens", equalTo(500));
        JsonPath report = modelBreakdown(team);
        assertEquals(0, new BigDecimal("0.002").compareTo(report.getObject("totalCostUsd", BigDecimal.class)));
        assertEquals(1500L, report.getLong("items[0].outputTokens") + report.getLong("items[0].inputTokens"));
        assertEquals(1, report.getInt("items[0].calls"));
    }

    @Test
    void reportsGroupModelsByPricedModelAndKeepTheReportedStrings_andAMissingAgentIsANullKey() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        for (String reported : List.of("gpt-4o", "gpt-4o-2024-08-06", "openai/gpt-4o")) {
            Api.post(key, event(Api.unique("e"), "openai", reported, 1000, 100)).statusCode(201);
        }
        Api.refreshRates();
        as(Api.ADMIN_KEY).get("/api/v1/finops/model-breakdown?days=1&teamId=" + team).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].key", equalTo("gpt-4o"))
                .body("items[0].calls", equalTo(3))
                .body("items[0].reportedModels", equalTo(List.of("gpt-4o", "gpt-4o-2024-08-06", "openai/gpt-4o")));
        String agentBreakdown = as(Api.ADMIN_KEY).get("/api/v1/finops/agent-breakdown?days=1&teamId=" + team)
                .then().statusCode(200).extract().asString();
        assertTrue(agentBreakdown.contains("\"key\":null"), agentBreakdown);
    }

    private static BigDecimal exportCost(String team) {
        String csv = as(Api.ADMIN_KEY).get("/api/v1/finops/export?days=1&teamId=" + team).then().statusCode(200)
                .extract().asString();
        String[] lines = csv.split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        int cost = header.indexOf("cost_usd");
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 1; i < lines.length; i++) {
            sum = sum.add(new BigDecimal(lines[i].split(",", -1)[cost]));
        }
        return sum;
    }
}
