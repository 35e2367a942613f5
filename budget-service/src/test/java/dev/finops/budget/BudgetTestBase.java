package dev.finops.budget;

import static dev.finops.budget.Api.unique;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.service.BudgetFeedConsumer;
import dev.finops.budget.service.BudgetSnapshot;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * What budget-service's tests against the stubbed ingest share: an admin key, a team of the test's own, and the
 * usage feed drained before each test (entries other tests appended are applied before this one starts).
 */
abstract class BudgetTestBase {

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    BudgetFeedConsumer consumer;
    @Inject
    BudgetSnapshot snapshot;
    @Inject
    Pool pool;

    String admin;
    String team;

    @BeforeEach
    void keysAndDrainedFeed() {
        admin = Api.key(ingest, "admin", null);
        team = unique("team");
        Feeds.drainAll(consumer);
    }
}
