package dev.finops.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Test
    void csvParsesBackWithAHeaderStableColumnsAndExactTotals() throws Exception {
        Api.refreshRates();
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        Api.post(key, Api.event(Api.unique("ev"), "gpt-4o", 1000, 1000)
                .replace("}", ",\"feature\":\"chat, \\\"beta\\\"\",\"customerId\":\"acme\"}")).statusCode(201);
        Api.post(key, Api.event(Api.unique("ev"), "gpt-4o-mini", 2000, 100)).statusCode(201);

        HttpResponse<InputStream> r = get("/api/v1/finops/export?days=2&granularity=hour&teamId=" + team);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        try (Reader in = new InputStreamReader(r.body(), StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            assertEquals(List.of("period_start", "team_id", "agent_id", "feature", "environment", "customer_id",
                    "provider", "model", "calls", "error_calls", "unpriced_calls", "input_tokens", "cached_input_tokens",
                    "cache_write_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd", "provisional_usd"),
                    csv.getHeaderNames());
            List<CSVRecord> rows = csv.getRecords();
            assertEquals(2, rows.size());
            BigDecimal total = rows.stream().map(row -> new BigDecimal(row.get("cost_usd")))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, new BigDecimal("0.01286").compareTo(total), total.toPlainString());
            CSVRecord quoted = rows.stream().filter(row -> row.get("model").equals("gpt-4o")).findFirst().orElseThrow();
            assertEquals("chat, \"beta\"", quoted.get("feature"));
            assertEquals("acme", quoted.get("customer_id"));
            assertEquals(team, quoted.get("team_id"));
            Instant.parse(quoted.get("period_start"));
        }
    }

    @Test
    void jsonLinesCarryTheSameRows() throws Exception {
        Api.refreshRates();
        String team = Api.unique("team");
        Api.post(Api.key("ingest", team), Api.event(Api.unique("ev"), "gpt-4o", 1000, 1000)).statusCode(201);
        HttpResponse<InputStream> r = get("/api/v1/finops/export?days=1&format=jsonl&teamId=" + team);
        assertEquals(200, r.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            List<String> lines = in.lines().toList();
            assertEquals(1, lines.size());
            JsonNode row = JSON.readTree(lines.get(0));
            assertEquals(0, new BigDecimal("0.0125").compareTo(row.get("cost_usd").decimalValue()));
            assertEquals(1, row.get("calls").asLong());
            assertTrue(row.get("customer_id").isNull());
        }
    }

    @Test
    void aMillionRollupRowsStreamOutWithoutBeingHeldInMemory() throws Exception {
        String team = Api.unique("bulk");
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(24, ChronoUnit.HOURS);
        int rows = 1_000_000;
        // 1M distinct rollup rows in the last day: 24 hours x 41,667 agents, each costing 0.000001 USD.
        pool.preparedQuery("""
                INSERT INTO usage_hourly (hour, team_id, agent_id, feature, environment, customer_id, provider, model,
                                          events, cost_usd)
                SELECT $1::timestamptz + ((i % 24) || ' hours')::interval, $2, 'agent-' || (i / 24), '', '', '',
                       'openai', 'gpt-4o', 1, 0.000001
                FROM generate_series(0, $3 - 1) AS i""")
                .execute(Tuple.of(start.atOffset(java.time.ZoneOffset.UTC), team, rows)).await().indefinitely();
        try {
            long started = System.nanoTime();
            HttpResponse<InputStream> r = get("/api/v1/finops/export?days=2&granularity=hour&teamId=" + team);
            assertEquals(200, r.statusCode());
            assertNull(r.headers().firstValue("content-length").orElse(null), "streamed, so no length up front");
            long lines = 0;
            long firstRowAfter = 0;
            BigDecimal total = BigDecimal.ZERO;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (++lines == 2) {
                        firstRowAfter = System.nanoTime() - started;
                    }
                    if (lines > 1) {
                        String[] fields = line.split(",", -1);
                        total = total.add(new BigDecimal(fields[fields.length - 2])); // cost_usd, then provisional_usd
                    }
                }
            }
            long allAfter = System.nanoTime() - started;
            assertEquals(rows + 1, lines);
            assertEquals(0, new BigDecimal("1.000000").compareTo(total), total.toPlainString());
            // Rows arrive while the rest is still being read from the cursor, not after all of it was built.
            assertTrue(firstRowAfter < allAfter / 3, "first row after " + firstRowAfter / 1_000_000 + " ms of "
                    + allAfter / 1_000_000 + " ms");
        } finally {
            pool.preparedQuery("DELETE FROM usage_hourly WHERE team_id = $1").execute(Tuple.of(team))
                    .await().indefinitely();
        }
    }

    private HttpResponse<InputStream> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                        + path)).header("Authorization", "Bearer " + Api.ADMIN_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
