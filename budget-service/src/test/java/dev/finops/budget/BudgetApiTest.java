package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.createBudget;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets CRUD, validation, roles and the drako import. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class BudgetApiTest {

    @IngestStub.Server
    WireMockServer ingest;

    String admin;
    String reader;

    @BeforeEach
    void keys() {
        admin = Api.key(ingest, "admin", null);
        reader = Api.key(ingest, "reader", null);
    }

    @Test
    void createsATeamEnvironmentBudgetWithDefaultsAndExactMoney() {
        String name = unique("payments-prod");
        String id = createBudget(admin, "{\"name\":\"" + name + "\",\"scope\":{\"team\":\"payments\","
                + "\"environment\":\"prod\"},\"period\":\"monthly\",\"timezone\":\"Europe/Berlin\","
                + "\"amountUsd\":1234.5678901234}").statusCode(201)
                .header("Location", containsString("/api/v1/budgets/"))
                .body("name", equalTo(name))
                .body("scope.team", equalTo("payments")).body("scope.environment", equalTo("prod"))
                .body("scope.agent", nullValue())
                .body("period", equalTo("monthly")).body("timezone", equalTo("Europe/Berlin"))
                .body("amountUsd", equalTo(new BigDecimal("1234.5678901234")))
                .body("alertAtPercent", Api.decimals("80", "95"))
                .body("hardLimitPercent", nullValue()).body("enabled", equalTo(true))
                .extract().path("id");

        as(reader).get("/api/v1/budgets/" + id).then().statusCode(200).body("name", equalTo(name))
                .body("amountUsd", equalTo(new BigDecimal("1234.5678901234")));
        as(reader).get("/api/v1/budgets").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void anOrgBudgetDefaultsToUtcAndKeepsSortedThresholdsAndAHardLimit() {
        createBudget(admin, "{\"name\":\"" + unique("org") + "\",\"scope\":\"org\",\"period\":\"weekly\","
                + "\"amountUsd\":100,\"alertAtPercent\":[95,50,80,80],\"hardLimitPercent\":120,\"enabled\":false}")
                .statusCode(201).body("timezone", equalTo("UTC")).body("scope", equalTo(java.util.Map.of()))
                .body("alertAtPercent", Api.decimals("50", "80", "95"))
                .body("hardLimitPercent", Api.decimal("120")).body("enabled", equalTo(false));
    }

    @Test
    void replacesAndDeletesABudget() {
        String id = Api.teamBudget(admin, unique("team"), "daily", "UTC", "10", null);
        String name = unique("renamed");
        as(admin).body("{\"name\":\"" + name + "\",\"scope\":{\"agent\":\"bot\"},\"period\":\"daily\",\"amountUsd\":20,"
                        + "\"hardLimitPercent\":100}").put("/api/v1/budgets/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("scope.agent", equalTo("bot")).body("scope.team", nullValue())
                .body("amountUsd", Api.decimal("20"));
        as(admin).delete("/api/v1/budgets/" + id).then().statusCode(204);
        as(reader).get("/api/v1/budgets/" + id).then().statusCode(404).contentType("application/problem+json");
        as(admin).delete("/api/v1/budgets/" + id).then().statusCode(404);
    }

    @Test
    void badInputNamesEachField() {
        createBudget(admin, "{\"scope\":{\"region\":\"eu\",\"team\":\"\"},\"period\":\"yearly\",\"timezone\":\"Mars/Olympus\","
                + "\"amountUsd\":0,\"alertAtPercent\":[80,-1],\"hardLimitPercent\":0}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "scope.region", "scope.team", "period", "timezone", "amountUsd",
                        "alertAtPercent[1]", "hardLimitPercent"));
        createBudget(admin, "{\"name\":\"x\",\"period\":\"daily\",\"amountUsd\":\"lots\"}").statusCode(400)
                .body("errors[0].field", equalTo("amountUsd"));
        createBudget(admin, "{\"name\":\"x\",\"scope\":[\"team\"],\"period\":\"daily\",\"amountUsd\":1}").statusCode(400)
                .body("errors[0].field", equalTo("scope"));
        createBudget(admin, "{not json").statusCode(400).contentType("application/problem+json");
        as(reader).get("/api/v1/budgets/not-a-uuid").then().statusCode(404);
    }

    @Test
    void namesAreUnique() {
        String name = unique("dup");
        String body = "{\"name\":\"" + name + "\",\"period\":\"daily\",\"amountUsd\":5}";
        createBudget(admin, body).statusCode(201);
        createBudget(admin, body).statusCode(409).body("errors[0].field", equalTo("name"));
    }

    @Test
    void readersListButOnlyAdminsWrite() {
        String body = "{\"name\":\"" + unique("r") + "\",\"period\":\"daily\",\"amountUsd\":5}";
        createBudget(reader, body).statusCode(403).contentType("application/problem+json");
        createBudget(Api.key(ingest, "ingest", "t1"), body).statusCode(403);
        // a workload key reads its own team's budgets only (TeamBudgetsTest has the rest of the matrix)
        as(Api.key(ingest, "ingest", "t1")).get("/api/v1/budgets").then().statusCode(200)
                .body("scope.team", org.hamcrest.Matchers.everyItem(equalTo("t1")));
        as("unknown-key").get("/api/v1/budgets").then().statusCode(401);
        given().get("/api/v1/budgets").then().statusCode(401);
    }

    @Test
    void importsADrakoBudgetsBlockAsOrgBudgetsAndReimportReplacesThem() {
        String block = "{\"policies\":{\"finops\":{\"budgets\":{\"daily_usd\":50.00,\"weekly_usd\":250.00,"
                + "\"monthly_usd\":1000.00,\"alert_at_percent\":[50,80,95]}}}}";
        as(admin).body(block).post("/api/v1/budgets/import/drako").then().statusCode(200)
                .body("name", equalTo(List.of("org-daily", "org-weekly", "org-monthly")))
                .body("period", equalTo(List.of("daily", "weekly", "monthly")))
                .body("[2].amountUsd", Api.decimal("1000"))
                .body("[0].alertAtPercent", Api.decimals("50", "80", "95"))
                .body("[0].scope", equalTo(java.util.Map.of()));
        as(admin).body("{\"monthly_usd\":1000}").post("/api/v1/budgets/import/drako").then()
                .body(containsString("\"amountUsd\":1000,"));  // plain decimals, never 1E+3
        String monthly = as(admin).body("{\"monthly_usd\":1500}").post("/api/v1/budgets/import/drako").then()
                .statusCode(200).body("[0].amountUsd", Api.decimal("1500"))
                .body("[0].alertAtPercent", Api.decimals("80", "95"))
                .extract().path("[0].id");
        as(reader).get("/api/v1/budgets").then().body("findAll { it.name == 'org-monthly' }.id", equalTo(List.of(monthly)));
        as(admin).body("{\"budgets\":{\"daily_usd\":\"fifty\"}}").post("/api/v1/budgets/import/drako").then()
                .statusCode(400).body("errors[0].field", equalTo("budgets.daily_usd"));
        as(admin).body("{\"budgets\":{}}").post("/api/v1/budgets/import/drako").then().statusCode(400);
        as(reader).body(block).post("/api/v1/budgets/import/drako").then().statusCode(403);
    }

    @Test
    void theOpenApiDocumentListsTheBudgetEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/v1/budgets", "/api/v1/budgets/{id}/status", "/api/v1/budgets/check",
                        "/api/v1/finops/budget", "/api/v1/alert-channels", "/api/v1/alerts"));
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }
}
