package dev.finops.budget;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.finops.budget.Api.unique;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.service.DeliveryWorker;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the alert tests share besides {@link BudgetTestBase}: a local receiver for their channels, a service key, and
 * an alert type of the test's own (so channels of one test never get another's alerts).
 */
abstract class AlertTestBase extends BudgetTestBase {

    static WireMockServer receiver;
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeliveryWorker worker;

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
    void serviceKeyAndAlertType() {
        service = Api.key(ingest, "service", null);
        type = unique("test_alert");
    }
}
