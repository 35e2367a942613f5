package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Events of a model without a rate are stored unpriced and valued exactly, once, when a rate arrives. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class RevaluationTest {

    private static final AtomicLong VERSIONS = new AtomicLong(1_000_000 + Instant.now().getEpochSecond() % 1_000_000);

    @Inject
    Pool pool;

    @Test
    void unpricedEventsAreValuedLaterAndAPriceCorrectionIsExactAndIdempotent() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String model = Api.unique("acme-llm");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant[] at = {now.minus(3, ChronoUnit.HOURS), now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.MINUTES)};
        for (int i = 0; i < at.length; i++) {
            Api.post(key, "{\"eventId\":\"e" + i + "\",\"timestamp\":\"" + at[i] + "\",\"model\":\"" + model
                    + "\",\"inputTokens\":1000,\"outputTokens\":500}").statusCode(201).body("priced", equalTo(false));
        }
        String range = "{\"model\":\"" + model + "\",\"from\":\"" + now.minus(4, ChronoUnit.HOURS) + "\",\"to\":\""
                + now.plus(1, ChronoUnit.MINUTES) + "\"}";

        // Nothing known yet: revalue finds the events but cannot price them.
        revalue(range).body("examined", equalTo(3)).body("revalued", equalTo(0)).body("stillUnpriced", equalTo(3));

        // A rate appears: 1000 x 0.001/1K + 500 x 0.002/1K = 0.002 per event.
        PricingStub.addRate(model, "0.001", "0.002", "2020-01-01T00:00:00Z", VERSIONS.incrementAndGet());
        revalue(range).body("revalued", equalTo(3)).body("newlyPriced", equalTo(3)).body("stillUnpriced", equalTo(0))
                .body("deltaUsd", equalTo(new BigDecimal("0.006")));
        revalue(range).body("revalued", equalTo(0)).body("deltaUsd", equalTo(0));
        assertTotals(team, "0.006");

        // A price correction effective 150 minutes ago doubles the rate for the two later events only.
        PricingStub.addRate(model, "0.002", "0.004", now.minus(150, ChronoUnit.MINUTES).toString(),
                VERSIONS.incrementAndGet());
        revalue(range).body("revalued", equalTo(2)).body("newlyPriced", equalTo(0))
                .body("deltaUsd", equalTo(new BigDecimal("0.004")));
        revalue(range).body("revalued", equalTo(0));
        assertTotals(team, "0.010");

        // The corrections are rows of their own: three usage rows and five revaluation rows.
        assertEquals(3L, scalar("SELECT count(*) FROM usage_events WHERE team_id = $1 AND kind = 'usage'", team));
        assertEquals(5L, scalar("SELECT count(*) FROM usage_events WHERE team_id = $1 AND kind = 'revaluation'", team));
        assertEquals(3L, scalar("SELECT sum(events) FROM usage_hourly WHERE team_id = $1", team));
        assertEquals(0L, scalar("SELECT sum(unpriced_events) FROM usage_hourly WHERE team_id = $1", team));
    }

    @Test
    void badRevalueRequestsNameTheField() {
        revalueRaw("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}").statusCode(400)
                .body("errors[0].field", equalTo("model"));
        revalueRaw("{\"model\":\"m\",\"from\":\"last week\",\"to\":\"2026-01-02T00:00:00Z\"}").statusCode(400)
                .body("errors[0].field", equalTo("from"));
        revalueRaw("{\"model\":\"m\",\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}")
                .statusCode(400).body("errors[0].field", equalTo("to"));
    }

    private void assertTotals(String team, String expected) {
        Row sums = pool.preparedQuery("""
                SELECT (SELECT sum(cost_usd) FROM usage_events WHERE team_id = $1) AS raw,
                       (SELECT sum(cost_usd) FROM usage_hourly WHERE team_id = $1) AS rolled""")
                .execute(Tuple.of(team)).await().indefinitely().iterator().next();
        assertEquals(0, new BigDecimal(expected).compareTo(sums.getBigDecimal("raw")), "raw " + sums.getBigDecimal("raw"));
        assertEquals(0, new BigDecimal(expected).compareTo(sums.getBigDecimal("rolled")),
                "rolled " + sums.getBigDecimal("rolled"));
    }

    private static io.restassured.response.ValidatableResponse revalue(String body) {
        return revalueRaw(body).statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse revalueRaw(String body) {
        return as(Api.ADMIN_KEY).contentType(ContentType.JSON).body(body).post("/api/v1/usage/revalue").then();
    }

    private long scalar(String sql, String param) {
        Long v = pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getLong(0);
        return v == null ? 0 : v;
    }
}
