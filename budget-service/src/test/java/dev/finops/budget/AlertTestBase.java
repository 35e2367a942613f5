package dev.finops.budget;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.finops.budget.Api.unique;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.service.BudgetFeedConsumer;
import dev.finops.budget.service.DeliveryWorker;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the alert tests share: a local receiver for their channels, an admin and a service key, an alert type of
 * the test's own (so channels of one test never get another's alerts), and the usage feed drained before each test.
 */
abstract class AlertTestBase {

    static WireMockServer receiver;
    static final ObjectMapper JSON = new ObjectMapper();

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    BudgetFeedConsumer consumer;
    @Inject
    DeliveryWorker worker;
    @Inject
    Pool pool;

    String admin;
    String service;
    String type;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void setUp() {
        admin = Api.key(ingest, "admin", null);
        service = Api.key(ingest, "service", null);
        type = unique("test_alert");
        Feeds.drainAll(consumer);
    }
}
