package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.putRate;
import static dev.finops.pricing.Api.putRateVersion;
import static dev.finops.pricing.Api.rate;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change is a new version; lookups at an instant pick the version effective then. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class RateVersioningTest {

    private static final String RATES = "/api/v1/finops/valuation-rates";

    @IngestStub.Server
    WireMockServer ingest;

    String admin;
    String reader;

    @BeforeEach
    void keys() {
        admin = Api.key(ingest, "admin");
        reader = Api.key(ingest, "reader");
    }

    @Test
    void aPutIsANewVersionAndNothingIsOverwritten() {
        String model = Api.unique("m");
        long v1 = putRateVersion(admin, model, "0.001", "0.002", "2025-01-01T00:00:00Z");
        long v2 = putRateVersion(admin, model, "0.003", "0.004", "2025-01-01T00:00:00Z");

        assertTrue(v2 > v1, "versions increase");
        as(reader).get(RATES + "/" + model + "/history").then().statusCode(200)
                .body("version", equalTo(List.of((int) v1, (int) v2)))
                .body("inputRatePerKTokens", equalTo(List.of(new BigDecimal("0.001"), new BigDecimal("0.003"))))
                .body("source", equalTo(List.of("api", "api")));
        // Same effective instant: the later version is the correction.
        as(reader).get(RATES + "/" + model).then().statusCode(200)
                .body("version", equalTo((int) v2)).body("currency", equalTo("USD"))
                .body("reasoningRatePerKTokens", equalTo(null));
    }

    @Test
    void atPicksTheVersionEffectiveAtThatInstantIncludingBoundaries() {
        String model = Api.unique("m");
        Instant t1 = Instant.parse("2025-03-01T00:00:00Z");
        Instant t2 = Instant.parse("2025-04-01T00:00:00Z");
        long v1 = putRateVersion(admin, model, "0.001", "0.002", t1.toString());
        long v2 = putRateVersion(admin, model, "0.005", "0.006", t2.toString());

        atIs(model, t1, v1);
        atIs(model, t2.minusMillis(1), v1);
        atIs(model, t2, v2);
        atIs(model, t2.plus(300, ChronoUnit.DAYS), v2);
        as(reader).queryParam("at", t1.minusMillis(1).toString()).get(RATES + "/" + model).then()
                .statusCode(404).contentType("application/problem+json").body("detail", containsString("in effect"));
    }

    @Test
    void aBackdatedCorrectionChangesHistoryAsANewVersion() {
        String model = Api.unique("m");
        long v1 = putRateVersion(admin, model, "0.001", "0.002", "2025-01-01T00:00:00Z");
        long v2 = putRateVersion(admin, model, "0.010", "0.020", "2025-06-01T00:00:00Z");
        // Correct February onwards, after the fact: v1 still rules January, v2 still rules from June.
        long v3 = putRateVersion(admin, model, "0.0015", "0.0025", "2025-02-01T00:00:00Z");

        atIs(model, Instant.parse("2025-01-15T00:00:00Z"), v1);
        atIs(model, Instant.parse("2025-03-15T00:00:00Z"), v3);
        atIs(model, Instant.parse("2025-07-01T00:00:00Z"), v2);
    }

    @Test
    void aFuturePriceChangeTakesEffectOnlyWhenItsTimeComes() {
        String model = Api.unique("m");
        long now = putRateVersion(admin, model, "0.001", "0.002", null);
        Instant later = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long future = putRateVersion(admin, model, "0.0005", "0.001", later.toString());

        as(reader).get(RATES + "/" + model).then().statusCode(200).body("version", equalTo((int) now));
        atIs(model, later, future);
        // The current list shows the rate in effect now, not the announced one.
        as(reader).get(RATES).then().statusCode(200)
                .body("find { it.modelId == '" + model + "' }.version", equalTo((int) now));
    }

    @Test
    void theFeedAnswersEveryVersionAfterSinceWhetherPastOrFutureEffective() {
        long before = ((Number) as(reader).get(RATES + "/" + seed() + "/history").then().extract()
                .path("[0].version")).longValue();
        String model = Api.unique("m");
        long past = putRateVersion(admin, model, "0.001", "0.002", "2020-01-01T00:00:00Z");
        long future = putRateVersion(admin, model, "0.001", "0.003", "2099-01-01T00:00:00Z");

        List<Integer> versions = as(reader).queryParam("since", before).get(RATES).then().statusCode(200)
                .extract().path("findAll { it.modelId == '" + model + "' }.version");
        assertEquals(List.of((int) past, (int) future), versions);
        List<Integer> all = as(reader).queryParam("since", before).get(RATES).then().extract().path("version");
        assertTrue(all.stream().allMatch(v -> v > before), "only versions after since: " + all);
        assertEquals(all.stream().sorted().toList(), all, "in version order");
        as(reader).queryParam("since", future).get(RATES).then().statusCode(200)
                .body("version", not(hasItem((int) future)));
    }

    @Test
    void conditionalGetAnswers304UntilARateChanges() {
        String etag = as(reader).get(RATES).then().statusCode(200).header("ETag", notNullValue())
                .extract().header("ETag");
        as(reader).header("If-None-Match", etag).get(RATES).then().statusCode(304);

        String model = Api.unique("m");
        long v = putRateVersion(admin, model, "0.001", "0.002", null);

        as(reader).header("If-None-Match", etag).get(RATES).then().statusCode(200)
                .body("modelId", hasItem(model));
        String feedTag = as(reader).queryParam("since", v).get(RATES).then().statusCode(200)
                .extract().header("ETag");
        as(reader).queryParam("since", v).header("If-None-Match", feedTag).get(RATES).then().statusCode(304);
    }

    @Test
    void serviceKeysReadTheFeedButOnlyAdminsChangeRates() {
        String service = Api.key(ingest, "service");
        String ingestKey = Api.key(ingest, "ingest");
        String model = Api.unique("m");

        as(service).queryParam("since", 0).get(RATES).then().statusCode(200);
        as(service).get("/api/v1/finops/model-aliases").then().statusCode(200);
        putRate(reader, rate(model, "0.001", "0.002", null)).statusCode(403).contentType("application/problem+json");
        putRate(service, rate(model, "0.001", "0.002", null)).statusCode(403);
        as(ingestKey).get(RATES).then().statusCode(200);  // rates are org-wide data: every key reads them (0019)
        Api.as("no-such-key-" + model).get(RATES).then().statusCode(401);
        io.restassured.RestAssured.given().get(RATES).then().statusCode(401);
        as(reader).get(RATES + "/" + model).then().statusCode(404);
    }

    private String seed() {
        String model = Api.unique("seed");
        putRateVersion(admin, model, "0.001", "0.002", null);
        return model;
    }

    private void atIs(String model, Instant at, long version) {
        as(reader).queryParam("at", at.toString()).get(RATES + "/" + model).then().statusCode(200)
                .body("version", equalTo((int) version)).body("modelId", equalTo(model));
    }
}
