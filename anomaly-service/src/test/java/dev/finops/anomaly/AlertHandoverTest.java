package dev.finops.anomaly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.finops.anomaly.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.service.AlertOutbox;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.anomaly.service.DetectorRunner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anomalies are handed to budget-service from an outbox: firing and resolution, one dedupKey, retried when down. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(BudgetStub.class)
class AlertHandoverTest {

    @IngestStub.Server
    WireMockServer ingest;
    @BudgetStub.Server
    WireMockServer budget;

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    DetectorRunner detectors;
    @Inject
    AlertOutbox outbox;
    @Inject
    TestClock clock;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper json;

    String agent;
    Instant t0;

    @BeforeEach
    void setUp() {
        agent = unique("agent");
        t0 = clock.era();
    }

    @Test
    void aNewAnomalyIsHandedOverOnceWithTheDocumentedBody() {
        failing(agent, 10, 20);
        runDetectors();
        deliverAll();
        deliverAll();  // nothing twice

        List<JsonNode> sent = sentFor(agent);
        assertEquals(1, sent.size());
        JsonNode alert = sent.get(0);
        assertTrue(alert.get("dedupKey").asText().startsWith("anomaly-service/error_rate/"));
        assertEquals("anomaly-service", alert.get("source").asText());
        assertEquals("anomaly.error_rate", alert.get("type").asText());
        assertEquals("critical", alert.get("severity").asText());  // 50% is 2.5 x the allowed 20%
        assertEquals("firing", alert.get("state").asText());
        assertTrue(alert.get("summary").asText().contains("failed 10 of 20 calls"), alert.get("summary").asText());
        assertEquals(agent, alert.get("details").get("agentId").asText());
        // the team the anomaly is about, for budget-service to route it to that team's channels
        assertEquals("team-a", alert.get("teamId").asText());
        assertEquals("team-a", alert.get("details").get("teamId").asText());
        assertEquals(0, alert.get("details").get("ratio").decimalValue().compareTo(new java.math.BigDecimal("2.5")));
        budget.verify(postRequestedFor(urlEqualTo(BudgetStub.ALERTS))
                .withRequestBody(matchingJsonPath("$.details.agentId", equalTo(agent)))
                .withHeader("Authorization", equalTo("Bearer test-service-key")));

        // the episode the alert is about, where budget-service's links (Alertmanager generatorURL) point
        String reader = Api.key(ingest, "reader", null);
        String id = alert.at("/details/id").asText();
        Api.as(reader).get("/api/v1/finops/anomalies/" + id).then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(id)).body("agentId", org.hamcrest.Matchers.equalTo(agent))
                .body("state", org.hamcrest.Matchers.equalTo("open"));
        Api.as(reader).get("/api/v1/finops/anomalies/" + java.util.UUID.randomUUID()).then().statusCode(404);
        Api.as(reader).get("/api/v1/finops/anomalies/not-an-id").then().statusCode(404);
    }

    @Test
    void whileBudgetServiceIsDownHandOversWaitInTheOutboxAndArriveInOrderWhenItIsBack() {
        StubMapping down = budget.stubFor(post(urlEqualTo(BudgetStub.ALERTS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.details.agentId", equalTo(agent)))
                .willReturn(aResponse().withStatus(503)));
        failing(agent, 10, 20);
        runDetectors();
        deliverAll();
        assertEquals(1, sentFor(agent).size());
        Row row = outboxRow(agent, "firing");
        assertEquals(1, row.getInteger("attempts"));
        assertEquals(null, row.getValue("delivered_at"));

        failing(agent, 0, 80);  // 10 of 100 failed: clear; resolved after 10 minutes
        clock.advance(Duration.ofMinutes(1));
        runDetectors();
        clock.advance(Duration.ofMinutes(10));
        runDetectors();
        deliverAll();  // the firing is retried (still down); the resolution waits behind it
        assertEquals(List.of("firing", "firing"), states(sentFor(agent)));

        budget.removeStub(down);
        clock.advance(Duration.ofMinutes(10));  // past the backoff
        deliverAll();
        List<JsonNode> sent = sentFor(agent);
        assertEquals(List.of("firing", "firing", "firing", "resolved"), states(sent));
        assertEquals(sent.get(0).get("dedupKey"), sent.get(3).get("dedupKey"));
        assertTrue(sent.get(3).get("summary").asText().startsWith("Resolved: "));
        deliverAll();
        assertEquals(4, sentFor(agent).size());
    }

    private void failing(String agentId, int errors, int calls) {
        for (int i = 0; i < calls; i++) {
            Usage call = Usage.call("team-a", agentId, null, t0.plusSeconds(i), "0.01", 100, 10);
            UsageFeedStub.append(i < errors ? call.failed() : call);
        }
    }

    private void runDetectors() {
        Api.drainAll(consumer);
        detectors.runAll().await().atMost(Duration.ofSeconds(60));
    }

    /** Sweeps until nothing is due (other tests' hand-overs are in the same outbox). */
    private void deliverAll() {
        for (int i = 0; i < 100; i++) {
            if (outbox.deliverDue().await().atMost(Duration.ofSeconds(60)).attempted() == 0) {
                return;
            }
        }
        throw new AssertionError("the outbox did not drain");
    }

    private List<JsonNode> sentFor(String agentId) {
        List<LoggedRequest> requests = budget.findAll(postRequestedFor(urlEqualTo(BudgetStub.ALERTS))
                .withRequestBody(matchingJsonPath("$.details.agentId", equalTo(agentId))));
        return requests.stream().sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> {
                    try {
                        return json.readTree(r.getBodyAsString());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static List<String> states(List<JsonNode> sent) {
        return sent.stream().map(n -> n.get("state").asText()).toList();
    }

    private Row outboxRow(String agentId, String state) {
        return pool.preparedQuery("SELECT attempts, delivered_at FROM alert_outbox WHERE state = $2"
                        + " AND payload -> 'details' ->> 'agentId' = $1")
                .execute(Tuple.of(agentId, state)).map(rows -> rows.iterator().next()).await().indefinitely();
    }
}
