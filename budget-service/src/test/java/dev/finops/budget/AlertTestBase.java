package dev.finops.budget;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.service.DeliveryWorker;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
    private final List<String> channels = new ArrayList<>();

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

    /** Requests a receiver got, oldest first. */
    static List<com.github.tomakehurst.wiremock.verification.LoggedRequest> received(
            com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        return receiver.findAll(pattern).stream().sorted(java.util.Comparator.comparing(
                com.github.tomakehurst.wiremock.verification.LoggedRequest::getLoggedDate)).toList();
    }

    /** Channels outlive the test otherwise, and later tests' sweeps would keep sending to their dead receivers. */
    @AfterEach
    void deleteChannels() {
        channels.forEach(id -> as(admin).delete("/api/v1/alert-channels/" + id));
        channels.clear();
    }

    /** Creates a channel (deleted after the test) named uniquely, routed to the test's alert type unless it says. */
    String channel(String json) {
        String body = "{\"name\":\"" + unique("ch") + "\","
                + (json.contains("\"alertTypes\"") ? "" : "\"alertTypes\":[\"" + type + "\"],") + json.substring(1);
        String id = as(admin).body(body).post("/api/v1/alert-channels").then().statusCode(201).extract().path("id");
        channels.add(id);
        return id;
    }
}
