package dev.finops.budget;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import java.util.UUID;

/**
 * ingest-service stubbed at its key introspection endpoint and its usage feed (finops-testing's stub), pointed
 * at by this service's configuration; tests append feed entries through {@link UsageFeedStub}.
 */
public class IngestStub extends dev.finops.testing.IngestStub {

    @Override
    protected Map<String, String> moreConfig(String baseUrl) {
        return Map.of(
                "quarkus.rest-client.ingest.url", baseUrl,
                "quarkus.rest-client.pricing.url", baseUrl,  // the same WireMock answers pricing's quotes
                // the database outlives test runs, the stub's feed does not: a fresh cursor per run
                "finops.budget.feed.consumer", "budget-test-" + UUID.randomUUID());
    }

    /** ingest knows the key with this role (and team, for ingest keys). */
    static void activeKey(WireMockServer ingest, String key, String role, String teamId) {
        active(ingest, key, role, teamId);
    }
}
