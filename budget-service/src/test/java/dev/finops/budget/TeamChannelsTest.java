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
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.UsageFeedStub.Usage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alert channels are a team's or the org's: who may manage which, and which alerts each gets, delivered to real
 * webhook receivers of their own (team A's, team B's and the org's WireMock servers).
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class TeamChannelsTest extends AlertTestBase {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static WireMockServer receiverA;
    static WireMockServer receiverB;

    String teamB;
    String teamAdminA;
    String teamAdminB;
    private final List<String> made = new ArrayList<>();

    @BeforeAll
    static void teamReceivers() {
        receiverA = new WireMockServer(wireMockConfig().dynamicPort());
        receiverB = new WireMockServer(wireMockConfig().dynamicPort());
        receiverA.start();
        receiverB.start();
    }

    @AfterAll
    static void stopTeamReceivers() {
        receiverA.stop();
        receiverB.stop();
    }

    @BeforeEach
    void teamKeys() {
        teamB = unique("team-b");
        teamAdminA = Api.key(ingest, "team-admin", team);
        teamAdminB = Api.key(ingest, "team-admin", teamB);
    }

    @AfterEach
    void deleteMade() {
        made.forEach(id -> as(admin).delete("/api/v1/alert-channels/" + id));
        made.clear();
    }

    @Test
    void aTeamAdminManagesItsOwnTeamsChannelsOnly() {
        String a = create(teamAdminA, webhook(receiverA, "/a", "")).statusCode(201)
                .body("teamId", equalTo(team)).body("scopes", nullValue()).extract().path("id");
        create(teamAdminA, webhook(receiverA, "/a", ",\"teamId\":\"" + team + "\",\"scopes\":[{\"team\":\"" + team
                + "\"}]")).statusCode(201).body("teamId", equalTo(team)).body("scopes[0].team", equalTo(team));
        // another team as owner or subscription: 403 naming the key's team
        create(teamAdminA, webhook(receiverA, "/a", ",\"teamId\":\"" + teamB + "\"")).statusCode(403)
                .body("detail", containsString("bound to team '" + team + "'")).body("errors[0].field", equalTo("teamId"));
        create(teamAdminA, webhook(receiverA, "/a", ",\"scopes\":[{\"team\":\"" + teamB + "\"}]")).statusCode(403)
                .body("detail", containsString("bound to team '" + team + "'"))
                .body("errors[0].field", equalTo("scopes[0].team"));
        create(teamAdminA, webhook(receiverA, "/a", ",\"scopes\":[{\"agent\":\"x\"}]")).statusCode(400)
                .body("errors[0].field", equalTo("scopes[0]"));
        String b = create(teamAdminB, webhook(receiverB, "/b", "")).statusCode(201).extract().path("id");
        // names are unique per owner: team B may name its channel as team A's
        String sameName = as(admin).get("/api/v1/alert-channels/" + a).then().extract().path("name");
        create(teamAdminB, webhook(receiverB, "/b", "").replaceFirst("\"name\":\"[^\"]+\"",
                "\"name\":\"" + sameName + "\"")).statusCode(201);
        create(teamAdminA, webhook(receiverA, "/a", "").replaceFirst("\"name\":\"[^\"]+\"",
                "\"name\":\"" + sameName + "\"")).statusCode(409);
        String org = create(admin, webhook(receiver, "/org", "")).statusCode(201).body("teamId", nullValue())
                .extract().path("id");

        as(teamAdminA).get("/api/v1/alert-channels").then().statusCode(200).body("id", hasItem(a))
                .body("id", not(hasItem(b))).body("id", not(hasItem(org))).body("teamId", everyItem(equalTo(team)));
        as(teamAdminA).get("/api/v1/alert-channels?teamId=" + teamB).then().statusCode(403);
        as(admin).get("/api/v1/alert-channels?teamId=" + teamB).then().statusCode(200).body("id", hasItem(b))
                .body("id", not(hasItem(a)));
        for (String other : new String[] {b, org}) {
            as(teamAdminA).get("/api/v1/alert-channels/" + other).then().statusCode(404);
            as(teamAdminA).body(webhook(receiverA, "/a", "")).put("/api/v1/alert-channels/" + other).then()
                    .statusCode(404);
            as(teamAdminA).delete("/api/v1/alert-channels/" + other).then().statusCode(404);
        }
        as(admin).get("/api/v1/alert-channels/" + b).then().statusCode(200).body("teamId", equalTo(teamB));
        // its own: changed, and an admin's replacement without teamId keeps the owner
        as(teamAdminA).body(webhook(receiverA, "/a2", "")).put("/api/v1/alert-channels/" + a).then().statusCode(200)
                .body("url", equalTo(receiverA.baseUrl() + "/a2")).body("teamId", equalTo(team));
        as(admin).body(webhook(receiverA, "/a3", "")).put("/api/v1/alert-channels/" + a).then().statusCode(200)
                .body("teamId", equalTo(team));
        as(teamAdminA).delete("/api/v1/alert-channels/" + a).then().statusCode(204);
        // readers and workloads of the team manage none
        for (String key : new String[] {Api.key(ingest, "reader", team), Api.key(ingest, "ingest", team)}) {
            as(key).get("/api/v1/alert-channels").then().statusCode(403);
            create(key, webhook(receiverA, "/a", "")).statusCode(403);
        }
    }

    @Test
    void teamAsBudgetAlertGoesToTeamAsAndOrgChannelsNeverToTeamBs() throws Exception {
        String path = "/" + unique("hook");
        for (WireMockServer r : List.of(receiver, receiverA, receiverB)) {
            r.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        }
        String types = ",\"alertTypes\":[\"budget_threshold\"]";
        create(teamAdminA, webhook(receiverA, path, types)).statusCode(201);
        create(teamAdminB, webhook(receiverB, path, types)).statusCode(201);
        create(admin, webhook(receiver, path, types)).statusCode(201);
        // an org channel for team B only, and a team B channel an admin subscribed to team A
        create(admin, webhook(receiver, path + "/org-b", types + ",\"scopes\":[{\"team\":\"" + teamB + "\"}]"))
                .statusCode(201);
        create(admin, webhook(receiverB, path + "/b-sub-a", types + ",\"teamId\":\"" + teamB + "\",\"scopes\":[{\"team\":\""
                + team + "\"}]")).statusCode(201).body("teamId", equalTo(teamB));
        for (WireMockServer r : List.of(receiver, receiverB)) {
            r.stubFor(post(urlEqualTo(path + "/org-b")).willReturn(aResponse().withStatus(204)));
            r.stubFor(post(urlEqualTo(path + "/b-sub-a")).willReturn(aResponse().withStatus(204)));
        }
        String budget = Api.budget(teamAdminA, "{\"name\":\"" + unique("research") + "\",\"period\":\"monthly\","
                + "\"amountUsd\":10,\"alertAtPercent\":[50]}");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "6"));
        Feeds.drainAll(consumer);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        assertEquals(1, aboutBudget(receiverA, path, budget), "team A's channel");
        assertEquals(1, aboutBudget(receiver, path, budget), "the org channel");
        assertEquals(1, aboutBudget(receiverB, path + "/b-sub-a", budget), "team B's channel subscribed to team A");
        assertEquals(0, aboutBudget(receiverB, path, budget), "team B's channel");
        assertEquals(0, aboutBudget(receiver, path + "/org-b", budget), "the org channel for team B only");
        as(admin).get("/api/v1/alerts?budgetId=" + budget).then().statusCode(200)
                .body("[0].alert.teamId", equalTo(team)).body("[0].deliveries.size()", equalTo(3));
    }

    @Test
    void anomalyAlertsAreRoutedByTheTeamTheyCarry() throws Exception {
        String path = "/" + unique("anomaly");
        for (WireMockServer r : List.of(receiver, receiverA, receiverB)) {
            r.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        }
        String types = ",\"alertTypes\":[\"" + type + "\"]";
        create(teamAdminA, webhook(receiverA, path, types)).statusCode(201);
        create(teamAdminB, webhook(receiverB, path, types)).statusCode(201);
        create(admin, webhook(receiver, path, types)).statusCode(201);
        // as anomaly-service hands them over: the team in details.teamId; and one of the org (no team)
        String ofA = handOver(",\"details\":{\"teamId\":\"" + team + "\",\"agentId\":\"x\"}");
        String ofB = handOver(",\"teamId\":\"" + teamB + "\"");
        String ofOrg = handOver(",\"details\":{\"agentId\":\"x\"}");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        assertEquals(List.of(ofA), alertIds(receiverA, path));
        assertEquals(List.of(ofB), alertIds(receiverB, path));
        assertEquals(List.of(ofA, ofB, ofOrg).stream().sorted().toList(),
                alertIds(receiver, path).stream().sorted().toList());
        as(Api.key(ingest, "reader", team)).get("/api/v1/alerts?limit=1000").then().statusCode(200)
                .body("alert.id", hasItem(ofA)).body("alert.id", not(hasItem(ofB))).body("alert.id", not(hasItem(ofOrg)));
    }

    @Test
    void everyChannelChangeIsInTheAuditTrailWithoutItsSecret() {
        String id = create(teamAdminA, webhook(receiverA, "/audit", "")).statusCode(201).extract().path("id");
        as(teamAdminA).body(webhook(receiverA, "/audit2", ",\"minSeverity\":\"critical\""))
                .put("/api/v1/alert-channels/" + id).then().statusCode(200);
        as(teamAdminA).delete("/api/v1/alert-channels/" + id).then().statusCode(204);

        String entry = "find { it.target == '" + id + "' && it.action == '%s' }.";
        String trail = as(admin).get("/api/v1/audit?kind=channel").then().statusCode(200)
                .body(entry.formatted("create") + "before", nullValue())
                .body(entry.formatted("create") + "after.url", equalTo(receiverA.baseUrl() + "/audit"))
                .body(entry.formatted("create") + "after.hasSecret", equalTo(true))
                .body(entry.formatted("create") + "teamId", equalTo(team))
                .body(entry.formatted("update") + "before.minSeverity", equalTo("info"))
                .body(entry.formatted("update") + "after.minSeverity", equalTo("critical"))
                .body(entry.formatted("delete") + "before.url", equalTo(receiverA.baseUrl() + "/audit2"))
                .body(entry.formatted("delete") + "after", nullValue())
                .extract().asString();
        assertFalse(trail.contains(SECRET.substring(6)), "the signing secret is never in the trail");
        as(teamAdminA).get("/api/v1/audit?kind=channel").then().statusCode(200).body("target", hasItem(id));
        as(teamAdminB).get("/api/v1/audit?kind=channel").then().statusCode(200).body("target", not(hasItem(id)));
    }

    private io.restassured.response.ValidatableResponse create(String key, String body) {
        io.restassured.response.ValidatableResponse r = as(key).body(body).post("/api/v1/alert-channels").then();
        String id = r.extract().path("id");
        if (id != null) {
            made.add(id);
        }
        return r;
    }

    private static String webhook(WireMockServer to, String path, String more) {
        return "{\"name\":\"" + unique("ch") + "\",\"type\":\"webhook\",\"url\":\"" + to.baseUrl() + path
                + "\",\"secret\":\"" + SECRET + "\"" + more + "}";
    }

    private String handOver(String more) {
        return as(service).body("{\"type\":\"" + type + "\",\"severity\":\"warning\",\"dedupKey\":\"" + unique("k")
                        + "\",\"summary\":\"agent x burns $40/h\"" + more + "}")
                .post("/api/v1/alerts").then().statusCode(202).extract().path("alertId");
    }

    private static long aboutBudget(WireMockServer r, String path, String budget) throws Exception {
        long n = 0;
        for (var req : r.findAll(postRequestedFor(urlEqualTo(path)))) {
            if (budget.equals(JSON.readTree(req.getBodyAsString()).at("/data/details/budgetId").asText())) {
                n++;
            }
        }
        return n;
    }

    private static List<String> alertIds(WireMockServer r, String path) throws Exception {
        List<String> ids = new ArrayList<>();
        for (var req : r.findAll(postRequestedFor(urlEqualTo(path)))) {
            ids.add(JSON.readTree(req.getBodyAsString()).at("/data/id").asText());
        }
        return ids;
    }
}
