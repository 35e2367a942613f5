package dev.finops.budget;

import static dev.finops.budget.Api.unique;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.repository.ReservationRepository;
import dev.finops.budget.service.BudgetFeedConsumer;
import dev.finops.budget.service.BudgetSnapshot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;

/** What the check tests share: an admin key, a team of the test's own, the check endpoint, a drained feed. */
abstract class CheckTestBase {

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    BudgetFeedConsumer consumer;
    @Inject
    BudgetSnapshot snapshot;
    @Inject
    ReservationRepository reservations;
    @Inject
    Pool pool;

    @TestHTTPResource("/api/v1/budgets/check")
    URI checkUri;

    String admin;
    String team;

    @BeforeEach
    void setUp() {
        admin = Api.key(ingest, "admin", null);
        team = unique("team");
        Feeds.drainAll(consumer);
    }
}
