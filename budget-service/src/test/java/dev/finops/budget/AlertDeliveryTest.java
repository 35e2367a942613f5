package dev.finops.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.finops.budget.service.DeliveryWorker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Delivery to real local receivers: each channel's format, signatures, retries, dead letters, 410, SMTP. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(SmtpServer.class)
class AlertDeliveryTest extends AlertTestBase {

    @Inject
    dev.finops.budget.repository.DeliveryRepository deliveryRepository;
    @Inject
    dev.finops.budget.repository.ChannelRepository channelRepository;
    @Inject
    dev.finops.budget.service.AlertPayloads payloads;
    @Inject
    dev.finops.budget.service.EmailSender emailSender;
    @Inject
    dev.finops.budget.service.SecretBox secretBox;
    @Inject
    dev.finops.budget.config.BudgetConfig config;
    @Inject
    dev.finops.budget.service.AlertMetrics alertMetrics;
    @Inject
    dev.finops.budget.service.AlertDestinations destinations;

    @Test
    void aSignedWebhookVerifiesWithAnIndependentImplementation() throws Exception {
        byte[] keyBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(keyBytes);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(keyBytes);
        String path = "/hook/" + unique("w");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        String channel = channel("{\"type\":\"webhook\",\"url\":\"" + receiver.baseUrl() + path + "\",\"secret\":\"" + secret + "\"}");
        as(admin).get("/api/v1/alert-channels/" + channel).then().statusCode(200)
                .body("hasSecret", equalTo(true)).body("secret", nullValue()).body(not(containsString(secret)));
        String alertId = handOver("warning");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        LoggedRequest req = only(path);
        String id = req.getHeader("webhook-id");
        String ts = req.getHeader("webhook-timestamp");
        String body = req.getBodyAsString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
        assertTrue(Arrays.asList(req.getHeader("webhook-signature").split(" ")).contains("v1," + expected));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) < 60);
        JsonNode json = JSON.readTree(body);
        assertEquals(alertId, json.at("/data/id").asText());
        assertEquals("alert." + type, json.get("type").asText());
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("delivered"))
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].attempts", equalTo(1));
    }

    @Test
    void slackPagerDutyAndAlertmanagerGetTheirOwnFormats() throws Exception {
        String p = "/" + unique("r");
        receiver.stubFor(post(urlEqualTo(p + "/slack")).willReturn(aResponse().withStatus(200).withBody("ok")));
        receiver.stubFor(post(urlEqualTo(p + "/pd")).willReturn(aResponse().withStatus(202)));
        receiver.stubFor(post(urlEqualTo(p + "/am/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"slack\",\"url\":\"" + receiver.baseUrl() + p + "/slack\"}");
        channel("{\"type\":\"pagerduty\",\"url\":\"" + receiver.baseUrl() + p + "/pd\",\"secret\":\"R0UTINGKEY\"}");
        channel("{\"type\":\"alertmanager\",\"url\":\"" + receiver.baseUrl() + p + "/am/\"}");
        handOver("critical");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        JsonNode slack = JSON.readTree(only(p + "/slack").getBodyAsString());
        assertTrue(slack.get("text").asText().contains("agent y"));
        assertEquals("section", slack.at("/blocks/0/type").asText());
        JsonNode pd = JSON.readTree(only(p + "/pd").getBodyAsString());
        assertEquals("R0UTINGKEY", pd.get("routing_key").asText());
        assertEquals("trigger", pd.get("event_action").asText());
        assertTrue(pd.get("dedup_key").asText().startsWith("k-"));
        assertEquals("critical", pd.at("/payload/severity").asText());
        assertEquals("budget-service", pd.at("/payload/component").asText());
        assertEquals("y", pd.at("/payload/custom_details/agentId").asText());
        JsonNode am = JSON.readTree(only(p + "/am/api/v2/alerts").getBodyAsString());
        assertEquals(type, am.at("/0/labels/alertname").asText());
        assertEquals("critical", am.at("/0/labels/severity").asText());
        assertEquals("y", am.at("/0/labels/agent").asText());
        assertTrue(am.at("/0/annotations/summary").asText().contains("agent y"));
        assertTrue(am.at("/0/annotations/description").asText().contains("agentId: y"));
        assertTrue(am.at("/0/startsAt").asText().endsWith("Z"));
        // active: it ends unless re-sent within four re-send intervals (1 min here), as Prometheus does
        Instant ends = Instant.parse(am.at("/0/endsAt").asText());
        assertTrue(ends.isAfter(Instant.now().plusSeconds(200)) && ends.isBefore(Instant.now().plusSeconds(250)),
                "endsAt " + ends);
    }

    @Test
    void aReceiverDownForAWhileGetsTheAlertExactlyOnceWhenBack() throws Exception {
        WireMockServer flaky = new WireMockServer(wireMockConfig().dynamicPort());
        flaky.start();
        int port = flaky.port();
        flaky.stop();  // down
        channel("{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:" + port + "/hook\",\"secret\":\"whsec_"
                + Base64.getEncoder().encodeToString(new byte[24]) + "\"}");
        String alertId = handOver("warning");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("pending"))
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].attempts", equalTo(1));
        Instant next = Instant.parse(as(admin).get("/api/v1/alerts").then().extract()
                .path("find { it.alert.id == '" + alertId + "' }.deliveries[0].nextAttemptAt"));
        assertTrue(next.isAfter(Instant.now().plusSeconds(2)), "first retry about 5 s later, was " + next);

        WireMockServer back = new WireMockServer(wireMockConfig().port(port));
        back.start();
        try {
            back.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
            dueNow(alertId);
            // a new worker, as after a restart: everything it needs is in the outbox
            DeliveryWorker restarted = new DeliveryWorker(pool, deliveryRepository, channelRepository, payloads,
                    emailSender, secretBox, config, alertMetrics, destinations);
            restarted.deliverDue().await().atMost(Duration.ofSeconds(20));
            restarted.deliverDue().await().atMost(Duration.ofSeconds(20));
            assertEquals(1, back.findAll(postRequestedFor(urlEqualTo("/hook"))).size());
        } finally {
            back.stop();
        }
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("delivered"))
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].attempts", equalTo(2));
    }

    @Test
    void retryAfterIsHonouredAndTheLastFailureDeadLettersUntilResent() {
        String path = "/" + unique("busy");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));
        channel("{\"type\":\"slack\",\"url\":\"" + receiver.baseUrl() + path + "\"}");
        String alertId = handOver("warning");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        Instant next = Instant.parse(as(admin).get("/api/v1/alerts").then().extract()
                .path("find { it.alert.id == '" + alertId + "' }.deliveries[0].nextAttemptAt"));
        assertTrue(next.isAfter(Instant.now().plusSeconds(3500)), "Retry-After 3600 s honoured, was " + next);

        for (int i = 0; i < 2; i++) {  // the test profile allows 3 attempts
            dueNow(alertId);
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        }
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("dead"))
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].attempts", equalTo(3))
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].lastStatus", equalTo(503));

        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        as(admin).post("/api/v1/alerts/" + alertId + "/resend").then().statusCode(200).body("requeued", equalTo(1));
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("delivered"));
        as(admin).post("/api/v1/alerts/" + UUID.randomUUID() + "/resend").then().statusCode(404);
    }

    @Test
    void a410DisablesTheChannel() {
        String path = "/" + unique("gone");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(410)));
        String channel = channel("{\"type\":\"slack\",\"url\":\"" + receiver.baseUrl() + path + "\"}");
        String alertId = handOver("info");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alert-channels/" + channel).then().body("enabled", equalTo(false))
                .body("disabledReason", containsString("410"));
        assertTrue(MetricsTest.value(MetricsTest.scrape(), "finops_alerts_dead_total\\{[^}]*channel=\"slack\"[^}]*\\}") >= 1);
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("dead"));

        // fixed receiver: replacing the channel re-enables it
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        as(admin).body("{\"name\":\"" + unique("ch") + "\",\"type\":\"slack\",\"url\":\"" + receiver.baseUrl() + path
                + "\",\"alertTypes\":[\"" + type + "\"]}").put("/api/v1/alert-channels/" + channel).then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabledReason", nullValue());
        as(admin).post("/api/v1/alerts/" + alertId + "/resend").then().statusCode(200).body("requeued", equalTo(1));
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + alertId + "' }.deliveries[0].status", equalTo("delivered"));
        as(admin).body("{\"name\":\"x\",\"type\":\"slack\",\"url\":\"http://h/x\"}")
                .put("/api/v1/alert-channels/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void emailGoesOverSmtp() throws Exception {
        String to = unique("oncall") + "@example.org";
        channel("{\"type\":\"email\",\"emailTo\":\"" + to + "\",\"minSeverity\":\"warning\"}");
        handOver("info");  // below the channel's minimum severity: not routed
        handOver("critical");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        List<MimeMessage> mine = Arrays.stream(SmtpServer.mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
        assertEquals(1, mine.size());
        assertTrue(mine.get(0).getSubject().startsWith("[critical]"));
    }

    @Test
    void badChannelsAre400NamingTheField() {
        as(admin).body("{\"name\":\"x\",\"type\":\"webhook\",\"url\":\"ftp://x\",\"secret\":\"plain\"}")
                .post("/api/v1/alert-channels").then().statusCode(400).body("errors.field", hasItems("url", "secret"));
        as(admin).body("{\"name\":\"x\",\"type\":\"fax\"}").post("/api/v1/alert-channels").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
        as(admin).body("{\"name\":\"x\",\"type\":\"pagerduty\"}").post("/api/v1/alert-channels").then().statusCode(400)
                .body("errors[0].field", equalTo("secret"));
        as(Api.key(ingest, "reader", null)).get("/api/v1/alert-channels").then().statusCode(403);
    }

    private String handOver(String severity) {
        return as(service).body("{\"type\":\"" + type + "\",\"severity\":\"" + severity + "\",\"dedupKey\":\""
                        + unique("k") + "\",\"summary\":\"agent y burns $40/h\",\"details\":{\"agentId\":\"y\"}}")
                .post("/api/v1/alerts").then().statusCode(202).extract().path("alertId");
    }

    private LoggedRequest only(String path) {
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo(path)));
        assertEquals(1, requests.size(), "requests to " + path);
        return requests.get(0);
    }

    private void dueNow(String alertId) {
        pool.preparedQuery("UPDATE alert_deliveries SET next_attempt_at = now() WHERE alert_id = $1 AND status = 'pending'")
                .execute(Tuple.of(UUID.fromString(alertId))).await().indefinitely();
    }


}
