package dev.finops.pricing;

import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing as a tenant: the team comes from the key, attributes are camelCase with snake_case aliases, and the default
 * never replaces a cheaper requested model unless the policy allows upgrades. Teams and models are unique per test.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class TeamRoutingTest {

    private static final String POLICIES = "/api/v1/routing/policies";
    private static final String DECIDE = "/api/v1/routing/decide";

    @IngestStub.Server
    WireMockServer ingest;

    String admin;
    String teamA;
    String teamB;

    @BeforeEach
    void teams() {
        admin = Api.key(ingest, "admin");
        teamA = unique("team-a");
        teamB = unique("team-b");
        putPolicy("team/" + teamA, "{\"defaultModel\":\"gpt-4o-mini\"}").statusCode(200);
        putPolicy("team/" + teamB, "{\"defaultModel\":\"gpt-4.1-nano\"}").statusCode(200);
    }

    @Test
    void aTeamKeyRoutesAsItsTeamAndCannotNameAnother() {
        String ingestA = key("ingest", teamA);
        decide(ingestA, "{}").statusCode(200).body("policy", equalTo("team/" + teamA))
                .body("model", equalTo("gpt-4o-mini"));
        decide(ingestA, "{\"teamId\":\"" + teamA + "\"}").statusCode(200).body("policy", equalTo("team/" + teamA));
        // The "Why" case: naming another team is refused, naming the key's team, in whichever spelling it was sent.
        decide(ingestA, "{\"teamId\":\"" + teamB + "\"}").statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("bound to team '" + teamA + "'"))
                .body("errors[0].field", equalTo("teamId"));
        decide(ingestA, "{\"team_id\":\"" + teamB + "\"}").statusCode(403).body("errors[0].field", equalTo("team_id"));
        decide(key("reader", teamA), "{\"teamId\":\"" + teamB + "\"}").statusCode(403);
        // A condition on the team sees the key's team, not what the body said.
        String agent = unique("agent");
        putPolicy("agent/" + agent, "{\"defaultModel\":\"gpt-4o\",\"rules\":[{\"name\":\"mine\",\"condition\":"
                + "\"teamId == '" + teamA + "' && team_id == '" + teamA + "'\",\"model\":\"gpt-4o-mini\"}]}")
                .statusCode(200);
        decide(ingestA, "{\"agentId\":\"" + agent + "\"}").statusCode(200).body("rule", equalTo("mine"));
    }

    @Test
    void serviceAndAdminKeysMayNameTheTeam() {
        decide(key("service", null), "{\"team_id\":\"" + teamB + "\"}").statusCode(200)
                .body("policy", equalTo("team/" + teamB));
        decide(admin, "{\"teamId\":\"" + teamB + "\"}").statusCode(200).body("model", equalTo("gpt-4.1-nano"));
        decide(key("reader", null), "{\"teamId\":\"" + teamA + "\"}").statusCode(200)
                .body("policy", equalTo("team/" + teamA));
    }

    @Test
    void aTeamKeyReadsItsOwnTeamsPolicyNotAnothersAndWritesNone() {
        String readerA = key("reader", teamA);
        as(readerA).get(POLICIES + "/team/" + teamA).then().statusCode(200);
        as(readerA).get(POLICIES + "/team/" + teamB).then().statusCode(403)
                .body("errors[0].field", equalTo("scopeId")).body("detail", containsString("'" + teamA + "'"));
        as(readerA).get(POLICIES).then().statusCode(200)
                .body("scopeId", hasItem(teamA)).body("scopeId", not(hasItem(teamB)));
        as(key("team-admin", teamA)).contentType(ContentType.JSON).body("{\"defaultModel\":\"gpt-4o\"}")
                .put(POLICIES + "/team/" + teamA).then().statusCode(403);
    }

    @Test
    void conditionsUseCamelCaseOrSnakeCaseAndRequestsSendEither() {
        String camel = unique("agent");
        putPolicy("agent/" + camel, rule("taskComplexity == 'low' && estimatedInputTokens < 2000 "
                + "&& attributes.userTier == 'free'")).statusCode(200);
        decide(admin, "{\"agent_id\":\"" + camel + "\",\"task_complexity\":\"low\",\"estimated_input_tokens\":100,"
                + "\"user_tier\":\"free\"}").statusCode(200).body("rule", equalTo("cheap"));
        decide(admin, "{\"agentId\":\"" + camel + "\",\"taskComplexity\":\"low\",\"estimatedInputTokens\":100,"
                + "\"userTier\":\"free\"}").statusCode(200).body("rule", equalTo("cheap"));
        decide(admin, "{\"agentId\":\"" + camel + "\",\"taskComplexity\":\"high\",\"estimatedInputTokens\":100}")
                .statusCode(200).body("rule", equalTo("default"));

        String snake = unique("agent");
        putPolicy("agent/" + snake, rule("task_complexity == 'low' && customer_id == 'c1' && task_type == 'qa' "
                + "&& estimated_output_tokens > 10 && feature == 'faq' && attributes.user_tier == 'free'"))
                .statusCode(200);
        decide(admin, "{\"agentId\":\"" + snake + "\",\"taskComplexity\":\"low\",\"customerId\":\"c1\","
                + "\"taskType\":\"qa\",\"estimatedOutputTokens\":50,\"feature\":\"faq\",\"userTier\":\"free\"}")
                .statusCode(200).body("rule", equalTo("cheap"));

        decide(admin, "{\"agentId\":\"" + snake + "\",\"estimatedInputTokens\":\"many\"}").statusCode(400)
                .body("errors[0].field", equalTo("estimatedInputTokens"));
        decide(admin, "{\"agentId\":\"" + snake + "\",\"taskComplexity\":\"low\",\"task_complexity\":\"high\"}")
                .statusCode(400).body("errors[0].field", equalTo("task_complexity"));
    }

    @Test
    void theDefaultNeverReplacesACheaperRequestedModelUnlessThePolicyAllowsUpgrades() {
        String cheap = unique("cheap");
        String dear = unique("dear");
        Api.putRateVersion(admin, cheap, "0.0001", "0.0004", null);   // 0.0005 per 1K in + out
        Api.putRateVersion(admin, dear, "0.003", "0.015", null);      // 0.018
        String agent = unique("agent");
        putPolicy("agent/" + agent, "{\"defaultModel\":\"" + dear + "\",\"rules\":[{\"name\":\"premium\","
                + "\"condition\":\"attributes.tier == 'vip'\",\"model\":\"" + dear + "\"}]}").statusCode(200)
                .body("allowUpgrade", equalTo(false));

        decide(admin, "{\"agentId\":\"" + agent + "\",\"requestedModel\":\"" + cheap + "\"}").statusCode(200)
                .body("model", equalTo(cheap)).body("rule", equalTo("default"))
                .body("reason", containsString("costs more than the requested one"));
        // A matching rule applies as written.
        decide(admin, "{\"agentId\":\"" + agent + "\",\"requestedModel\":\"" + cheap + "\",\"tier\":\"vip\"}")
                .statusCode(200).body("model", equalTo(dear)).body("rule", equalTo("premium"));
        // A dearer requested model still gets the (cheaper) default.
        decide(admin, "{\"agentId\":\"" + agent + "\",\"requestedModel\":\"o1\"}").statusCode(200)
                .body("model", equalTo(dear));

        putPolicy("agent/" + agent, "{\"defaultModel\":\"" + dear + "\",\"allowUpgrade\":true}").statusCode(200)
                .body("allowUpgrade", equalTo(true));
        decide(admin, "{\"agentId\":\"" + agent + "\",\"requestedModel\":\"" + cheap + "\"}").statusCode(200)
                .body("model", equalTo(dear)).body("rule", equalTo("default"));
    }

    private String key(String role, String team) {
        String key = "k-" + role + "-" + UUID.randomUUID();
        IngestStub.active(ingest, key, role, team);
        return key;
    }

    private static String rule(String condition) {
        return "{\"defaultModel\":\"gpt-4o\",\"rules\":[{\"name\":\"cheap\",\"condition\":\"" + condition
                + "\",\"model\":\"gpt-4o-mini\"}]}";
    }

    private ValidatableResponse putPolicy(String scopePath, String body) {
        return as(admin).contentType(ContentType.JSON).body(body).put(POLICIES + "/" + scopePath).then();
    }

    private static ValidatableResponse decide(String key, String body) {
        return as(key).contentType(ContentType.JSON).body(body).post(DECIDE).then();
    }
}
