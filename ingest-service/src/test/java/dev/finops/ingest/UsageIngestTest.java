package dev.finops.ingest;

import static dev.finops.ingest.Api.event;
import static dev.finops.ingest.Api.key;
import static dev.finops.ingest.Api.post;
import static dev.finops.ingest.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class UsageIngestTest {

    @Inject
    Pool pool;

    String team;
    String ingestKey;

    @BeforeEach
    void setUp() {
        Api.refreshRates();
        team = unique("team");
        ingestKey = key("ingest", team);
    }

    @Test
    void storesAPricedEventAndAnswersItsCostAndRateVersion() {
        String id = unique("ev");
        post(ingestKey, event(id, "gpt-4o", 1000, 1000)).statusCode(201)
                .body("eventId", equalTo(id)).body("costUsd", equalTo(new BigDecimal("0.0125"))).body("rateVersion", equalTo(1))
                .body("priced", equalTo(true)).body("duplicate", equalTo(false));
        assertEquals(new BigDecimal("0.0125"), storedCost(id));
    }

    @Test
    void aReplayIsAcknowledgedWithTheFirstAnswerAndNotCountedTwice() {
        String id = unique("ev");
        String body = event(id, "gpt-4o-mini", 2000, 100);
        post(ingestKey, body).statusCode(201).body("duplicate", equalTo(false));
        post(ingestKey, body).statusCode(200).body("duplicate", equalTo(true)).body("costUsd", equalTo(new BigDecimal("0.00036")))
                .body("rateVersion", equalTo(2));
        assertEquals(1L, count("SELECT count(*) FROM usage_events WHERE team_id = $1", team));
        assertEquals(1L, count("SELECT sum(events) FROM usage_hourly WHERE team_id = $1", team));
    }

    @Test
    void theSameEventIdWithAnotherBodyIsAConflict() {
        String id = unique("ev");
        post(ingestKey, event(id, "gpt-4o", 10, 10)).statusCode(201);
        post(ingestKey, event(id, "gpt-4o", 11, 10)).statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("eventId")).body("detail", containsString("different body"));
    }

    @Test
    void oneEventIdTwiceInABatchWithDifferentBodiesIsAConflictAndStoresNothing() {
        String id = unique("ev");
        post(ingestKey, "[" + event(id, "gpt-4o", 10, 10) + "," + event(unique("ev"), "gpt-4o", 1, 1) + ","
                + event(id, "gpt-4o", 99, 10) + "]").statusCode(409).body("errors[0].field", equalTo("[2].eventId"));
        assertEquals(0L, count("SELECT count(*) FROM usage_events WHERE team_id = $1", team));
    }

    @Test
    void aBatchAnswersEveryEventInOrderWithTotals() {
        String a = unique("ev");
        String b = unique("ev");
        String first = event(a, "gpt-4o", 1000, 0);
        String unpriced = event(b, "unknown-model-x", 5, 5).replace("\"openai\"", "\"no-rates-inc\"");
        post(ingestKey, "[" + first + "," + unpriced + "," + first + "]").statusCode(200)
                .body("accepted", equalTo(2)).body("duplicates", equalTo(1)).body("unpriced", equalTo(1))
                .body("costUsd", equalTo(new BigDecimal("0.0025"))).body("events", hasSize(3))
                .body("events[0].eventId", equalTo(a)).body("events[0].duplicate", equalTo(false))
                .body("events[1].priced", equalTo(false)).body("events[1].costUsd", nullValue())
                .body("events[2].duplicate", equalTo(true));
        assertEquals(2L, count("SELECT count(*) FROM usage_events WHERE team_id = $1", team));
    }

    @Test
    void anInvalidBatchIsRejectedWholeWithEveryBadIndexListed() {
        String good = unique("ev");
        String body = "[" + event(good, "gpt-4o", 1, 1) + ","
                + "{\"eventId\":\"x\",\"timestamp\":\"" + Api.now() + "\",\"model\":\"gpt-4o\",\"inputTokens\":-5,\"outputTokens\":1},"
                + event(unique("ev"), "gpt-4o", 1, 1) + ","
                + "{\"eventId\":\"y\",\"model\":\"gpt-4o\",\"inputTokens\":1,\"outputTokens\":1.5}]";
        post(ingestKey, body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[1].inputTokens")).body("errors.field", hasItem("[3].timestamp"))
                .body("errors.field", hasItem("[3].outputTokens")).body("errors.index", hasItem(1))
                .body("detail", containsString("2 of 4 events are invalid"));
        assertEquals(0L, count("SELECT count(*) FROM usage_events WHERE team_id = $1", team));
    }

    @Test
    void everyValidationRuleAnswers400NamingTheField() {
        String ts = Api.now();
        String future = Instant.now().plus(10, ChronoUnit.MINUTES).toString();
        String[][] cases = {
            {"{\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1}", "eventId"},
            {"{\"eventId\":\"e\",\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1}", "timestamp"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"inputTokens\":1,\"outputTokens\":1}", "model"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"outputTokens\":1}", "inputTokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":-1,\"outputTokens\":1}", "inputTokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":1.5,\"outputTokens\":1}", "inputTokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":\"12\",\"outputTokens\":1}", "inputTokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":10,\"cachedInputTokens\":11,\"outputTokens\":1}", "cachedInputTokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":10,\"outputTokens\":1,\"reasoningTokens\":2}", "reasoningTokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"status\":\"timeout\"}", "status"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + future + "\",\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1}", "timestamp"},
            {"{\"eventId\":\"e\",\"timestamp\":\"yesterday\",\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1}", "timestamp"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"tags\":{\"a\":1}}", "tags.a"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":6}}}", "usage.prompt_tokens_details.cached_tokens"},
            {"{\"eventId\":\"e\",\"timestamp\":\"" + ts + "\",\"model\":\"m\",\"usage\":{\"prompt_tokens\":5},\"inputTokens\":5,\"outputTokens\":1}", "usage"},
        };
        for (String[] c : cases) {
            post(ingestKey, c[0]).statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c[1]));
        }
        assertEquals(0L, count("SELECT count(*) FROM usage_events WHERE team_id = $1", team));
    }

    @Test
    void malformedBodiesAreProblemsNeverServerErrors() {
        Api.as(ingestKey).contentType(ContentType.JSON).body("{\"eventId\":").post("/api/v1/usage")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        Api.as(ingestKey).contentType(ContentType.TEXT).body("eventId=1").post("/api/v1/usage")
                .then().statusCode(415).contentType("application/problem+json");
        post(ingestKey, "[]").statusCode(400).body("errors[0].field", equalTo("body"));
        post(ingestKey, "42").statusCode(400).body("errors[0].field", equalTo("body"));
        post(ingestKey, "[1, \"x\"]").statusCode(400).body("errors.field", hasItem("[1]"));
    }

    @Test
    void tooLargeRequestsAre413() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add("{\"eventId\":\"" + i + "\"}");
        }
        post(ingestKey, "[" + String.join(",", events) + "]").statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("at most 1000"));
        String huge = "{\"eventId\":\"" + "x".repeat(1_100_000) + "\"}";
        post(ingestKey, huge).statusCode(413).contentType("application/problem+json");
    }

    @Test
    void anIngestKeyCannotReportAnotherTeamsUsage() {
        String other = "{\"eventId\":\"" + unique("ev") + "\",\"timestamp\":\"" + Api.now()
                + "\",\"model\":\"gpt-4o\",\"inputTokens\":1,\"outputTokens\":1,\"teamId\":\"someone-else\"}";
        post(ingestKey, other).statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("teamId"));
        String own = other.replace("someone-else", team);
        post(ingestKey, own).statusCode(201);
    }

    @Test
    void anAdminKeyMustNameTheTeam() {
        post(Api.ADMIN_KEY, event(unique("ev"), "gpt-4o", 1, 1)).statusCode(400)
                .body("errors[0].field", equalTo("teamId"));
        String withTeam = event(unique("ev"), "gpt-4o", 1, 1).replace("{", "{\"teamId\":\"" + team + "\",");
        post(Api.ADMIN_KEY, withTeam).statusCode(201);
    }

    @Test
    void rollupsMoveInTheSameTransactionAsTheEvents() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(event(unique("ev"), i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini", 100 + i, 10 + i));
        }
        post(ingestKey, "[" + String.join(",", events) + "]").statusCode(200).body("accepted", equalTo(50));
        BigDecimal raw = decimal("SELECT sum(cost_usd) FROM usage_events WHERE team_id = $1", team);
        BigDecimal rolled = decimal("SELECT sum(cost_usd) FROM usage_hourly WHERE team_id = $1", team);
        assertEquals(0, raw.compareTo(rolled), raw + " vs " + rolled);
        assertEquals(count("SELECT sum(input_tokens) FROM usage_events WHERE team_id = $1", team),
                count("SELECT sum(input_tokens) FROM usage_hourly WHERE team_id = $1", team));
        assertEquals(50L, count("SELECT sum(events) FROM usage_hourly WHERE team_id = $1", team));
    }

    @Test
    void anUnknownModelOfAProviderWithoutRatesIsStoredUnpricedNeverAsZero() {
        String id = unique("ev");
        // openai has rates, so its unknown models are valued provisionally (UnpricedAndCorrectionsTest)
        post(ingestKey, event(id, "no-such-model", 100, 100).replace("\"openai\"", "\"no-rates-inc\""))
                .statusCode(201).body("priced", equalTo(false))
                .body("costUsd", nullValue()).body("rateVersion", nullValue());
        assertEquals(null, storedCost(id));
        assertEquals(1L, count("SELECT sum(unpriced_events) FROM usage_hourly WHERE team_id = $1", team));
    }

    private BigDecimal storedCost(String eventId) {
        return pool.preparedQuery("SELECT cost_usd FROM usage_events WHERE team_id = $1 AND event_id = $2")
                .execute(Tuple.of(team, eventId)).await().indefinitely().iterator().next().getBigDecimal(0);
    }

    private long count(String sql, String param) {
        Long v = pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getLong(0);
        return v == null ? 0 : v;
    }

    private BigDecimal decimal(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next()
                .getBigDecimal(0);
    }
}
