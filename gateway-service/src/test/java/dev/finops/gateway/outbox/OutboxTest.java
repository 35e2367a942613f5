package dev.finops.gateway.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.finops.cost.TokenUsage;
import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.outbox.app.OutboxMetrics;
import dev.finops.gateway.outbox.app.OutboxPublisher;
import dev.finops.gateway.outbox.app.UsageOutbox;
import dev.finops.gateway.outbox.app.UsageRecord;
import dev.finops.gateway.outbox.client.IngestUsageClient;
import dev.finops.gateway.outbox.store.OutboxRepository;
import dev.finops.testing.UsageIntake;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The usage outbox against the real Postgres and a stubbed ingest: an append completes only once its row is
 * committed; outages of ingest lose nothing and duplicate nothing; a refused event dies alone; concurrent publish
 * passes never send the same row.
 */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class OutboxTest extends GatewayTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Inject
    UsageOutbox outbox;
    @Inject
    OutboxRepository repository;
    @Inject
    IngestUsageClient client;
    @Inject
    OutboxMetrics metrics;
    @Inject
    GatewayConfig config;
    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @Test
    void anAppendCompletesOnlyOnceItsRowIsCommittedAsTheExactIngestEvent() throws Exception {
        String id = unique("ev");
        Instant at = Instant.parse("2026-12-06T10:15:30.123Z");
        StubMapping held = hold(id);  // kept from ingest, so the row is still there to be looked at
        try {
            outbox.append(new UsageRecord(id, at, "openai", "gpt-4o-mini", new TokenUsage(1200, 200, 100, 300, 50),
                    840, "ok", new Attribution("team-a", "agent-a", "search", "prod", null, "sess-1", null,
                            Map.of("tier", "gold", "region", "eu")),
                    Map.of("gateway.attempt", "primary", "region", "us"))).await().atMost(Duration.ofSeconds(10));

            // read right away over a connection of its own, outside the service's pool
            JsonNode stored = JSON.readTree(row(id, "event::text"));
            JsonNode expected = JSON.readTree("""
                    {"eventId":"%s","timestamp":"2026-12-06T10:15:30.123Z","provider":"openai","model":"gpt-4o-mini",
                     "inputTokens":1200,"cachedInputTokens":200,"cacheWriteInputTokens":100,"outputTokens":300,
                     "reasoningTokens":50,"latencyMs":840,"status":"ok","teamId":"team-a","agentId":"agent-a",
                     "feature":"search","environment":"prod","sessionId":"sess-1",
                     "tags":{"gateway.attempt":"primary","region":"us","tier":"gold"}}""".formatted(id));
            assertEquals(expected, stored);  // null fields (customerId, runId) left out; the record's tags win
        } finally {
            ingest.removeStub(held.getId());
        }
        await("the event delivered", DELIVERY, () -> UsageIntake.deliveries(id) == 1 && row(id, "id") == null);
    }

    @Test
    void ingestDownThenUpEveryEventIsDeliveredExactlyOnceAndAppendsAreGroupCommitted() {
        String before = scrape();
        long insertsBefore = repository.inserts();
        StubMapping down = ingest.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("ingest is down")));
        List<String> ids = new ArrayList<>();
        try {
            appendAll(ids, 1000, "team-a");
            long inserts = repository.inserts() - insertsBefore;
            assertTrue(inserts <= 100, "1000 concurrent appends took " + inserts + " INSERTs");

            await("503s counted", DELIVERY, () -> failed(scrape(), "unavailable") > failed(before, "unavailable"));
            ingest.removeStub(down.getId());
            down = ingest.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(1)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            await("connection faults counted", DELIVERY,
                    () -> failed(scrape(), "connection") > failed(before, "connection"));
            await("the pending gauge shows the backlog", DELIVERY,
                    () -> metric(scrape(), "finops_gateway_outbox_pending") >= 1000);
            assertTrue(ids.stream().allMatch(id -> UsageIntake.deliveries(id) == 0), "delivered while down");
        } finally {
            ingest.removeStub(down.getId());
        }

        await("all 1000 delivered", DELIVERY, () -> ids.stream().allMatch(id -> UsageIntake.deliveries(id) >= 1));
        for (String id : ids) {
            assertEquals(1, UsageIntake.deliveries(id), id + " delivered more than once");
        }
        await("the outbox drained of them", DELIVERY, () -> count(ids) == 0);
        String after = scrape();
        assertTrue(metric(after, "finops_gateway_outbox_delivered_total")
                - metric(before, "finops_gateway_outbox_delivered_total") >= 1000);
    }

    @Test
    void anEventIngestRefusesDiesAloneAndTheRestOfItsBatchIsDelivered() throws Exception {
        String before = scrape();
        StubMapping down = ingest.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        List<String> ids = new ArrayList<>();
        String bad = unique("ev-no-team");
        try {
            appendAll(ids, 5, "team-b");
            // no team: ingest refuses it (a service key must name each event's team), and only it
            outbox.append(new UsageRecord(bad, Instant.now(), "openai", "gpt-4o-mini", new TokenUsage(10, 0, 0, 5, 0),
                    12, "ok", new Attribution(null, "agent-a", null, null, null, null, null, null), null))
                    .await().atMost(Duration.ofSeconds(10));
        } finally {
            ingest.removeStub(down.getId());
        }

        await("the good ones delivered", DELIVERY, () -> ids.stream().allMatch(id -> UsageIntake.deliveries(id) == 1));
        await("the bad one dead", DELIVERY, () -> row(bad, "dead_at") != null);
        assertEquals(0, UsageIntake.deliveries(bad));
        assertTrue(row(bad, "last_error").contains("teamId"), row(bad, "last_error"));
        assertEquals(0, count(ids));
        assertTrue(metric(scrape(), "finops_gateway_outbox_dead_total")
                - metric(before, "finops_gateway_outbox_dead_total") >= 1);
        assertEquals(1, count(List.of(bad)), "a dead event stays in the outbox for an operator");
    }

    @Test
    void concurrentPublishPassesNeverSendTheSameRow() {
        StubMapping down = ingest.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        // ingest takes its time, so passes overlap
        StubMapping slow = ingest.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(2)
                .willReturn(aResponse().withTransformers(UsageIntake.NAME).withFixedDelay(150)));
        List<String> ids = new ArrayList<>();
        int[] delivered = new int[2];
        try {
            appendAll(ids, 800, "team-c");
            ingest.removeStub(down.getId());
            // two more publishers beside the service's own, as other replicas would be
            OutboxPublisher a = new OutboxPublisher(repository, client, metrics, config, vertx);
            OutboxPublisher b = new OutboxPublisher(repository, client, metrics, config, vertx);
            long deadline = System.nanoTime() + DELIVERY.toNanos();
            while (!ids.stream().allMatch(id -> UsageIntake.deliveries(id) >= 1) && System.nanoTime() < deadline) {
                List<Integer> sent = Uni.join().all(a.publish(), b.publish()).andFailFast()
                        .await().atMost(DELIVERY);
                delivered[0] += sent.get(0);
                delivered[1] += sent.get(1);
            }
        } finally {
            ingest.removeStub(down.getId());
            ingest.removeStub(slow.getId());
        }
        for (String id : ids) {
            assertEquals(1, UsageIntake.deliveries(id), id + " sent by two passes");
        }
        assertTrue(delivered[0] > 0 && delivered[1] > 0, "both passes sent some: " + delivered[0] + ", "
                + delivered[1]);
    }

    @Test
    void aRecordWithoutEventIdIsRefusedAtOnce() {
        try {
            outbox.append(new UsageRecord(null, Instant.now(), "openai", "m", null, 1, "ok", null, null))
                    .await().atMost(Duration.ofSeconds(5));
            throw new AssertionError("appended without an eventId");
        } catch (dev.finops.gateway.error.GatewayException e) {
            assertEquals(dev.finops.gateway.error.GatewayException.Kind.INVALID, e.kind());
            assertEquals("eventId", e.param());
        }
    }

    private void appendAll(List<String> ids, int n, String team) {
        List<Uni<Void>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = unique("ev");
            ids.add(id);
            appends.add(outbox.append(new UsageRecord(id, Instant.now(), "anthropic", "claude-sonnet-4",
                    new TokenUsage(100 + i, 0, 0, 20, 0), 300, "ok",
                    new Attribution(team, "agent-" + (i % 3), null, null, null, null, null, null), Map.of())));
        }
        Uni.join().all(appends).andFailFast().await().atMost(Duration.ofSeconds(30));
    }

    /** While armed, ingest answers 503 to any batch carrying this eventId. */
    private StubMapping hold(String eventId) {
        return ingest.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(1).withRequestBody(containing(eventId))
                .willReturn(aResponse().withStatus(503)));
    }

    private static double failed(String scrape, String reason) {
        return metric(scrape, "finops_gateway_outbox_failed_total\\{reason=\"" + reason + "\"\\}");
    }

    /** One column of the event's outbox row, read over a JDBC connection of its own; null when there is no row. */
    private String row(String eventId, String column) {
        try (Connection c = connect();
             PreparedStatement q = c.prepareStatement(
                     "SELECT " + column + " FROM gateway.usage_outbox WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private int count(List<String> eventIds) {
        try (Connection c = connect();
             PreparedStatement q = c.prepareStatement(
                     "SELECT count(*) FROM gateway.usage_outbox WHERE event_id = ANY(?)")) {
            q.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", dbUser);
        p.setProperty("password", dbPassword);
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, p);
        assertNotNull(c, jdbcUrl);
        return c;
    }
}
