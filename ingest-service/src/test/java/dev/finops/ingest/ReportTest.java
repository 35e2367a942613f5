package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reports over generated usage with known totals: every report's total equals the sum of its
 * parts and the sum of the raw events, to the last decimal.
 */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportTest {

    private static final String[] AGENTS = {"support-bot", "planner", "summariser", "coder"};
    private static final String[] FEATURES = {"chat", "search", "triage"};
    private static final String[] CUSTOMERS = {"acme", "globex", "initech"};
    private static final String[] ENVIRONMENTS = {"production", "staging"};
    private static final Map<String, BigDecimal[]> RATES = Map.of(
            "gpt-4o", new BigDecimal[] {new BigDecimal("0.0025"), new BigDecimal("0.01")},
            "gpt-4o-mini", new BigDecimal[] {new BigDecimal("0.00015"), new BigDecimal("0.0006")});

    record Generated(Instant ts, String agent, String feature, String customer, String environment, String model,
                     BigDecimal cost) {
    }

    @Inject
    Pool pool;

    final String team = Api.unique("team");
    final List<Generated> events = new ArrayList<>();
    final Instant now = Instant.now();

    @BeforeEach
    void generateUsageOnce() {
        if (!events.isEmpty()) {
            return;
        }
        Api.refreshRates();
        Random random = new Random(42);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Instant ts = now.minus(random.nextInt(20 * 24 * 60), ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            String model = random.nextBoolean() ? "gpt-4o" : "gpt-4o-mini";
            long in = 1 + random.nextInt(5000);
            long out = random.nextInt(2000);
            BigDecimal cost = BigDecimal.valueOf(in).multiply(RATES.get(model)[0])
                    .add(BigDecimal.valueOf(out).multiply(RATES.get(model)[1])).movePointLeft(3);
            Generated g = new Generated(ts, AGENTS[random.nextInt(AGENTS.length)],
                    FEATURES[random.nextInt(FEATURES.length)], CUSTOMERS[random.nextInt(CUSTOMERS.length)],
                    ENVIRONMENTS[random.nextInt(ENVIRONMENTS.length)], model, cost);
            events.add(g);
            batch.add(String.format("{\"eventId\":\"g%d\",\"teamId\":\"%s\",\"timestamp\":\"%s\",\"model\":\"%s\","
                            + "\"provider\":\"openai\",\"inputTokens\":%d,\"outputTokens\":%d,\"agentId\":\"%s\","
                            + "\"feature\":\"%s\",\"customerId\":\"%s\",\"environment\":\"%s\"}", i, team, ts, model,
                    in, out, g.agent(), g.feature(), g.customer(), g.environment()));
            if (batch.size() == 100) {
                Api.post(Api.ADMIN_KEY, "[" + String.join(",", batch) + "]").statusCode(200)
                        .body("unpriced", equalTo(0));
                batch.clear();
            }
        }
    }

    @Test
    void trendsAddUpDayByDayToTheRawEvents() {
        JsonPath trends = report("/api/v1/finops/trends?days=30&teamId=" + team);
        BigDecimal expected = sum(events);
        assertMoney(expected, trends.get("totalCostUsd"));
        assertMoney(expected, rawSum());
        List<Map<String, Object>> days = trends.getList("days");
        assertEquals(30, days.size());
        BigDecimal perDay = days.stream().map(d -> new BigDecimal(d.get("costUsd").toString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertMoney(expected, perDay);
        LocalDate someDay = LocalDate.ofInstant(events.get(0).ts(), ZoneOffset.UTC);
        BigDecimal thatDay = sum(events.stream().filter(e -> LocalDate.ofInstant(e.ts(), ZoneOffset.UTC)
                .equals(someDay)).toList());
        Map<String, Object> reported = days.stream().filter(d -> d.get("date").equals(someDay.toString()))
                .findFirst().orElseThrow();
        assertMoney(thatDay, reported.get("costUsd"));
        assertEquals(400, trends.getInt("totalCalls"));
    }

    @Test
    void trendsGroupedByAgentSplitEachDayExactly() {
        JsonPath trends = report("/api/v1/finops/trends?days=30&groupBy=agent&teamId=" + team);
        for (Map<String, Object> day : trends.<Map<String, Object>>getList("days")) {
            List<Map<String, Object>> groups = (List<Map<String, Object>>) day.get("groups");
            BigDecimal parts = groups.stream().map(g -> new BigDecimal(g.get("costUsd").toString()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertMoney(new BigDecimal(day.get("costUsd").toString()), parts);
        }
    }

    @Test
    void everyBreakdownSumsToTheTotalWithShares() {
        BigDecimal expected = sum(events);
        Map<String, java.util.function.Function<Generated, String>> dims = Map.of(
                "agent", Generated::agent, "feature", Generated::feature, "customer", Generated::customer,
                "environment", Generated::environment, "model", Generated::model, "team", g -> team);
        dims.forEach((dim, key) -> {
            JsonPath b = report("/api/v1/finops/" + dim + "-breakdown?days=30&teamId=" + team);
            assertMoney(expected, b.get("totalCostUsd"));
            Map<String, BigDecimal> byKey = new HashMap<>();
            events.forEach(e -> byKey.merge(key.apply(e), e.cost(), BigDecimal::add));
            List<Map<String, Object>> items = b.getList("items");
            assertEquals(byKey.size(), items.size(), dim);
            BigDecimal shares = BigDecimal.ZERO;
            for (Map<String, Object> item : items) {
                assertMoney(byKey.get((String) item.get("key")), item.get("costUsd"));
                shares = shares.add(new BigDecimal(item.get("share").toString()));
            }
            assertTrue(shares.subtract(BigDecimal.ONE).abs().compareTo(new BigDecimal("0.00001")) < 0, dim + " shares");
        });
    }

    @Test
    void allocationsByTeamAndAgentAndByModelAgree() {
        JsonPath alloc = report("/api/v1/finops/allocations?days=30&teamId=" + team);
        assertMoney(sum(events), alloc.get("totalCostUsd"));
        assertMoney(sum(events), alloc.get("byTeam[0].costUsd"));
        BigDecimal agents = alloc.<Object>getList("byAgent.costUsd").stream().map(o -> new BigDecimal(o.toString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertMoney(sum(events), agents);
        assertEquals(team, alloc.getString("byAgent[0].teamId"));
        JsonPath byModel = report("/api/v1/finops/allocations/by-model?days=30&teamId=" + team);
        assertMoney(sum(events.stream().filter(e -> e.model().equals("gpt-4o")).toList()),
                byModel.get("items.find { it.key == 'gpt-4o' }.costUsd"));
    }

    @Test
    void filtersAndExplicitRangesNarrowTheReport() {
        Instant from = now.minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Instant to = now.minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        BigDecimal expected = sum(events.stream().filter(e -> !e.ts().isBefore(from) && e.ts().isBefore(to))
                .filter(e -> e.feature().equals("chat") && e.environment().equals("production")).toList());
        JsonPath r = report("/api/v1/finops/agent-breakdown?from=" + from + "&to=" + to + "&teamId=" + team
                + "&feature=chat&environment=production");
        assertMoney(expected, r.get("totalCostUsd"));
    }

    @Test
    void summaryShowsMonthToDateTopsAndTheCacheHitRateOrANote() {
        Instant monthStart = YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Generated> mtd = events.stream().filter(e -> !e.ts().isBefore(monthStart)).toList();
        PricingStub.cacheAnswers(0.42);
        JsonPath s = report("/api/v1/finops/summary?teamId=" + team);
        assertMoney(sum(mtd), s.get("monthToDateUsd"));
        assertEquals(0, new BigDecimal("0.42").compareTo(new BigDecimal(s.get("cacheHitRate").toString())));
        Map<String, BigDecimal> byAgent = new HashMap<>();
        mtd.forEach(e -> byAgent.merge(e.agent(), e.cost(), BigDecimal::add));
        if (!mtd.isEmpty()) {
            String top = byAgent.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals(top, s.getString("topAgent.key"));
        }

        PricingStub.cacheAnswers(null);
        as(Api.ADMIN_KEY).get("/api/v1/finops/summary?teamId=" + team).then().statusCode(200)
                .body("cacheHitRate", nullValue()).body("cacheNote", containsString("unreachable"));
        PricingStub.cacheAnswers(0.42);
    }

    @Test
    void projectionRunsTheTrailingRatesToMonthAndYearEnd() {
        JsonPath p = report("/api/v1/finops/projection?teamId=" + team);
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        BigDecimal last7 = sum(events.stream().filter(e -> !e.ts().isBefore(end.minus(7, ChronoUnit.DAYS))).toList());
        BigDecimal rate7 = new BigDecimal(p.get("total.dailyRate.trailing7DaysUsd").toString());
        assertTrue(rate7.multiply(BigDecimal.valueOf(7)).subtract(last7).abs().compareTo(new BigDecimal("1e-9")) < 0,
                rate7 + " x 7 vs " + last7);
        BigDecimal mtd = new BigDecimal(p.get("total.monthToDateUsd").toString());
        BigDecimal eom = new BigDecimal(p.get("total.endOfMonthUsd.trailing7DaysUsd").toString());
        BigDecimal eoy = new BigDecimal(p.get("total.endOfYearUsd.trailing7DaysUsd").toString());
        assertTrue(eom.compareTo(mtd) >= 0 && eoy.compareTo(eom) >= 0);
        assertEquals(team, p.getString("byTeam[0].teamId"));
    }

    @Test
    void weekOverWeekChangePerFeature() {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant mid = end.minus(7, ChronoUnit.DAYS);
        Instant start = mid.minus(7, ChronoUnit.DAYS);
        JsonPath c = report("/api/v1/finops/changes?groupBy=feature&period=week&teamId=" + team);
        for (String feature : FEATURES) {
            BigDecimal current = sum(events.stream().filter(e -> e.feature().equals(feature) && !e.ts().isBefore(mid))
                    .toList());
            BigDecimal previous = sum(events.stream().filter(e -> e.feature().equals(feature)
                    && !e.ts().isBefore(start) && e.ts().isBefore(mid)).toList());
            assertMoney(current, c.get("items.find { it.key == '" + feature + "' }.currentUsd"));
            assertMoney(previous, c.get("items.find { it.key == '" + feature + "' }.previousUsd"));
        }
    }

    @Test
    void badWindowsAre400NamingTheField() {
        for (String q : new String[] {"days=0", "days=91", "days=week", "days=7&from=2026-01-01"}) {
            as(Api.ADMIN_KEY).get("/api/v1/finops/trends?" + q).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("days"));
        }
        as(Api.ADMIN_KEY).get("/api/v1/finops/trends?from=yesterday").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        as(Api.ADMIN_KEY).get("/api/v1/finops/trends?groupBy=planet").then().statusCode(400)
                .body("errors[0].field", equalTo("groupBy"));
        as(Api.ADMIN_KEY).get("/api/v1/finops/planet-breakdown").then().statusCode(404);
        String ingest = Api.key("ingest", team);
        // a workload key reads its own team's spend (issue 17), and only that
        as(ingest).get("/api/v1/finops/trends?days=30").then().statusCode(200)
                .body("totalCalls", equalTo(events.size()));
        as(ingest).get("/api/v1/finops/trends?teamId=" + Api.unique("team")).then().statusCode(403)
                .body("errors[0].field", equalTo("teamId"));
        as(Api.ADMIN_KEY).get("/api/v1/finops/trends?days=90").then().statusCode(200).body("days", hasSize(90));
    }

    private static JsonPath report(String path) {
        return as(Api.ADMIN_KEY).get(path).then().statusCode(200).extract().jsonPath();
    }

    private BigDecimal rawSum() {
        return pool.preparedQuery("SELECT sum(cost_usd) FROM usage_events WHERE team_id = $1").execute(Tuple.of(team))
                .await().indefinitely().iterator().next().getBigDecimal(0);
    }

    private static BigDecimal sum(List<Generated> list) {
        return list.stream().map(Generated::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void assertMoney(BigDecimal expected, Object actual) {
        BigDecimal a = actual instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(actual));
        assertEquals(0, expected.compareTo(a), "expected " + expected + " but was " + a);
    }
}
