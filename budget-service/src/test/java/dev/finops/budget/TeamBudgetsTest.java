package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.finops.budget.UsageFeedStub.Usage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets are their scope team's: what each role of team A may read and change, and what it gets of team B's. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class TeamBudgetsTest extends BudgetTestBase {

    String teamB;
    String readerA;
    String ingestA;
    String teamAdminA;
    String teamAdminB;
    String budgetA;
    String budgetB;
    String nameA;
    String nameB;

    @BeforeEach
    void twoTeamsWithABudgetEach() {
        teamB = unique("team-b");
        readerA = Api.key(ingest, "reader", team);
        ingestA = Api.key(ingest, "ingest", team);
        teamAdminA = Api.key(ingest, "team-admin", team);
        teamAdminB = Api.key(ingest, "team-admin", teamB);
        nameA = unique("a-monthly");
        nameB = unique("b-monthly");
        budgetA = Api.budget(admin, "{\"name\":\"" + nameA + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":100,\"alertAtPercent\":[50]}");
        budgetB = Api.budget(admin, "{\"name\":\"" + nameB + "\",\"scope\":{\"team\":\"" + teamB + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":100,\"hardLimitPercent\":100}");
    }

    @Test
    void aTeamKeySeesItsOwnTeamsBudgetsOnly() {
        for (String key : new String[] {readerA, ingestA, teamAdminA}) {
            as(key).get("/api/v1/budgets").then().statusCode(200).body("name", hasItem(nameA))
                    .body("name", not(hasItem(nameB))).body("scope.team", everyItem(equalTo(team)));
            as(key).get("/api/v1/budgets/" + budgetA).then().statusCode(200).body("name", equalTo(nameA));
            as(key).get("/api/v1/budgets/" + budgetA + "/status").then().statusCode(200).body("state", equalTo("ok"));
            as(key).get("/api/v1/finops/budget?budgetId=" + budgetA).then().statusCode(200);
            // another team's budget is answered as if it did not exist
            as(key).get("/api/v1/budgets/" + budgetB).then().statusCode(404);
            as(key).get("/api/v1/budgets/" + budgetB + "/status").then().statusCode(404);
            as(key).get("/api/v1/finops/budget?budgetId=" + budgetB).then().statusCode(404);
            as(key).get("/api/v1/alerts?budgetId=" + budgetB).then().statusCode(404);
            // naming another team is refused, naming the key's team
            as(key).get("/api/v1/budgets?teamId=" + teamB).then().statusCode(403)
                    .body("detail", containsString("bound to team '" + team + "'"))
                    .body("errors[0].field", equalTo("teamId"));
            as(key).get("/api/v1/alerts?teamId=" + teamB).then().statusCode(403)
                    .body("detail", containsString("bound to team '" + team + "'"));
            as(key).get("/api/v1/finops/budget?teamId=" + teamB).then().statusCode(403);
        }
        // without a budget id, the burn-down of the key's team's monthly budget
        as(readerA).get("/api/v1/finops/budget").then().statusCode(200).body("budgetId", equalTo(budgetA));
        // an org key sees both, and can ask for one team
        as(admin).get("/api/v1/budgets").then().statusCode(200).body("name", hasItems(nameA, nameB));
        as(admin).get("/api/v1/budgets?teamId=" + teamB).then().statusCode(200)
                .body("name", hasItem(nameB)).body("name", not(hasItem(nameA)));
        String orgReader = Api.key(ingest, "reader", null);
        as(orgReader).get("/api/v1/budgets/" + budgetB).then().statusCode(200);
    }

    @Test
    void aTeamKeySeesItsOwnTeamsAlertsOnly() {
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "60"));    // A at 60 %: its 50 % alert
        UsageFeedStub.append(Usage.of(unique("ev"), teamB, Instant.now(), "101"));  // B over its hard limit
        Feeds.drainAll(consumer);
        as(readerA).get("/api/v1/alerts?limit=1000").then().statusCode(200)
                .body("alert.budgetId", hasItem(budgetA)).body("alert.budgetId", not(hasItem(budgetB)))
                .body("alert.teamId", everyItem(equalTo(team)));
        as(readerA).get("/api/v1/alerts?budgetId=" + budgetA).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].alert.teamId", equalTo(team));
        as(admin).get("/api/v1/alerts?teamId=" + teamB).then().statusCode(200)
                .body("alert.budgetId", hasItem(budgetB)).body("alert.budgetId", not(hasItem(budgetA)));
    }

    @Test
    void aTeamAdminManagesItsOwnTeamsBudgetsOnly() {
        // no team in the scope: the key's team is filled in; its own team named: fine
        String own = Api.createBudget(teamAdminA, "{\"name\":\"" + unique("ta") + "\",\"scope\":{\"environment\":"
                        + "\"prod\"},\"period\":\"daily\",\"amountUsd\":5}").statusCode(201)
                .body("scope.team", equalTo(team)).body("scope.environment", equalTo("prod")).extract().path("id");
        Api.createBudget(teamAdminA, "{\"name\":\"" + unique("ta") + "\",\"period\":\"daily\",\"amountUsd\":5}")
                .statusCode(201).body("scope.team", equalTo(team));
        Api.createBudget(teamAdminA, "{\"name\":\"" + unique("ta") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"daily\",\"amountUsd\":5}").statusCode(201);
        // another team, or the whole org: 403 naming the key's team
        Api.createBudget(teamAdminA, "{\"name\":\"" + unique("ta") + "\",\"scope\":{\"team\":\"" + teamB + "\"},"
                        + "\"period\":\"daily\",\"amountUsd\":5}").statusCode(403)
                .body("detail", containsString("bound to team '" + team + "'"))
                .body("errors[0].field", equalTo("scope.team"));
        Api.createBudget(teamAdminA, "{\"name\":\"" + unique("ta") + "\",\"scope\":\"org\",\"period\":\"daily\","
                        + "\"amountUsd\":5}").statusCode(403)
                .body("detail", containsString("team '" + team + "'")).body("errors[0].field", equalTo("scope.team"));
        // bad input is still a 400 first
        Api.createBudget(teamAdminA, "{\"name\":\"x\",\"period\":\"hourly\",\"amountUsd\":5}").statusCode(400)
                .body("errors[0].field", equalTo("period"));

        as(teamAdminA).body("{\"name\":\"" + nameA + "\",\"period\":\"monthly\",\"amountUsd\":250}")
                .put("/api/v1/budgets/" + budgetA).then().statusCode(200)
                .body("amountUsd", equalTo(250)).body("scope.team", equalTo(team));
        as(teamAdminA).body("{\"name\":\"" + nameA + "\",\"scope\":{\"team\":\"" + teamB + "\"},\"period\":\"monthly\","
                + "\"amountUsd\":250}").put("/api/v1/budgets/" + budgetA).then().statusCode(403);
        // team B's budget: as if absent
        as(teamAdminA).body("{\"name\":\"" + nameB + "\",\"period\":\"monthly\",\"amountUsd\":1}")
                .put("/api/v1/budgets/" + budgetB).then().statusCode(404);
        as(teamAdminA).delete("/api/v1/budgets/" + budgetB).then().statusCode(404);
        as(admin).get("/api/v1/budgets/" + budgetB).then().statusCode(200).body("amountUsd", equalTo(100));

        as(teamAdminA).delete("/api/v1/budgets/" + own).then().statusCode(204);
        as(teamAdminB).delete("/api/v1/budgets/" + budgetA).then().statusCode(404);
        // readers and workloads change nothing, not even their own team's
        for (String key : new String[] {readerA, ingestA}) {
            Api.createBudget(key, "{\"name\":\"" + unique("r") + "\",\"period\":\"daily\",\"amountUsd\":5}")
                    .statusCode(403);
            as(key).delete("/api/v1/budgets/" + budgetA).then().statusCode(403);
        }
        as(teamAdminA).body("{\"daily_usd\":5}").post("/api/v1/budgets/import/drako").then().statusCode(403);
    }

    @Test
    void namesAreUniquePerOwningTeam() {
        String body = "{\"name\":\"" + unique("monthly") + "\",\"period\":\"monthly\",\"amountUsd\":5}";
        Api.createBudget(teamAdminA, body).statusCode(201).body("scope.team", equalTo(team));
        // another team's budget of that name is no conflict (and the 409 would tell team B about team A's)
        Api.createBudget(teamAdminB, body).statusCode(201).body("scope.team", equalTo(teamB));
        Api.createBudget(admin, body).statusCode(201).body("scope.team", nullValue());
        Api.createBudget(teamAdminA, body).statusCode(409).body("errors[0].field", equalTo("name"));
    }

    @Test
    void theCheckTakesTheTeamFromTheKeyAndAServiceKeyNamesIt() {
        UsageFeedStub.append(Usage.of(unique("ev"), teamB, Instant.now(), "100"));  // B at its hard limit
        Feeds.drainAll(consumer);
        snapshot.refresh().await().indefinitely();
        // a team A key cannot check as team B
        String ingestB = Api.key(ingest, "ingest", teamB);
        Api.check(ingestA, "{\"teamId\":\"" + teamB + "\"}").statusCode(403)
                .body("detail", containsString("bound to team '" + team + "'"));
        Api.check(ingestA, "{}").statusCode(200).body("budgets.budgetId", hasItem(budgetA))
                .body("budgets.budgetId", not(hasItem(budgetB)));
        Api.check(ingestB, "{}").statusCode(429).body("budgetId", equalTo(budgetB));
        // the gateway's service key acts for the team it names
        String gateway = Api.key(ingest, "service", null);
        Api.check(gateway, "{\"teamId\":\"" + teamB + "\"}").statusCode(429).body("budgetId", equalTo(budgetB));
        Api.check(gateway, "{\"teamId\":\"" + team + "\"}").statusCode(200).body("budgets.budgetId", hasItem(budgetA));
    }

    @Test
    void everyBudgetChangeIsInTheAuditTrailWithBeforeAndAfter() {
        String id = Api.createBudget(teamAdminA, "{\"name\":\"" + unique("audited") + "\",\"period\":\"daily\","
                + "\"amountUsd\":5}").statusCode(201).extract().path("id");
        String name = as(admin).get("/api/v1/budgets/" + id).then().extract().path("name");
        as(teamAdminA).body("{\"name\":\"" + name + "\",\"period\":\"weekly\",\"amountUsd\":7.5}")
                .put("/api/v1/budgets/" + id).then().statusCode(200);
        as(teamAdminA).delete("/api/v1/budgets/" + id).then().statusCode(204);

        String entry = "find { it.target == '" + id + "' && it.action == '%s' }.";
        as(admin).get("/api/v1/audit?kind=budget").then().statusCode(200)
                .body(entry.formatted("create") + "before", nullValue())
                .body(entry.formatted("create") + "after.amountUsd", equalTo(5))
                .body(entry.formatted("create") + "teamId", equalTo(team))
                .body(entry.formatted("create") + "actor", equalTo("key:name-" + teamAdminA))
                .body(entry.formatted("update") + "before.period", equalTo("daily"))
                .body(entry.formatted("update") + "after.period", equalTo("weekly"))
                .body(entry.formatted("update") + "after.amountUsd", Api.decimal("7.5"))
                .body(entry.formatted("delete") + "before.period", equalTo("weekly"))
                .body(entry.formatted("delete") + "after", nullValue());
        // the team-admins see their own team's entries only
        as(teamAdminA).get("/api/v1/audit?kind=budget").then().statusCode(200)
                .body("target", hasItem(id)).body("teamId", everyItem(equalTo(team)));
        as(teamAdminB).get("/api/v1/audit?kind=budget").then().statusCode(200)
                .body("target", not(hasItem(id))).body("target", not(hasItem(budgetA)));
        as(readerA).get("/api/v1/audit").then().statusCode(403);
    }
}
