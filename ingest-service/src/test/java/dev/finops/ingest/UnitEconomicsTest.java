package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class UnitEconomicsTest {

    @Test
    void costPerOutcomeDividesEachAgentsSpendByItsOutcomes() {
        Api.refreshRates();
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        // 0.0125 USD each: two calls for agent a1, one for a2
        for (String agent : new String[] {"a1", "a1", "a2"}) {
            Api.post(key, Api.event(Api.unique("ev"), "gpt-4o", 1000, 1000).replace("agent-1", agent)).statusCode(201);
        }
        outcomes(key, "[" + outcome("t1", "a1", 1) + "," + outcome("t2", "a1", 1) + "]").statusCode(200)
                .body("[0].duplicate", equalTo(false));
        String t3 = outcome("t3", "a1", 1);
        outcomes(key, t3).statusCode(200);
        outcomes(key, t3).statusCode(200).body("[0].duplicate", equalTo(true));
        outcomes(key, outcome("t4", "a2", 2)).statusCode(200);

        as(Api.ADMIN_KEY).get("/api/v1/finops/unit-costs?outcome=ticket_resolved&groupBy=agent&days=7&teamId=" + team)
                .then().statusCode(200)
                .body("items.find { it.key == 'a1' }.outcomes", equalTo(3))
                .body("items.find { it.key == 'a1' }.unitCostUsd", comparesEqualTo(new BigDecimal("0.0083333333")))
                .body("items.find { it.key == 'a2' }.unitCostUsd", comparesEqualTo(new BigDecimal("0.00625")))
                .body("total.costUsd", comparesEqualTo(new BigDecimal("0.0375")))
                .body("total.outcomes", equalTo(5))
                .body("total.unitCostUsd", comparesEqualTo(new BigDecimal("0.0075")));
    }

    @Test
    void outcomesAreIdempotentAndValidated() {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        outcomes(key, outcome("o1", "a1", 1)).statusCode(200);
        outcomes(key, outcome("o1", "a1", 2)).statusCode(409).body("errors[0].field", equalTo("outcomeId"));
        outcomes(key, outcome("o2", "a1", 0)).statusCode(400).body("errors[0].field", equalTo("count"));
        outcomes(key, "{\"outcomeId\":\"o3\",\"timestamp\":\"" + Api.now() + "\"}").statusCode(400)
                .body("errors[0].field", equalTo("type"));
        outcomes(key, outcome("o4", "a1", 1).replace("{", "{\"teamId\":\"other\",")).statusCode(403);
        as(Api.ADMIN_KEY).get("/api/v1/finops/unit-costs?groupBy=agent").then().statusCode(400)
                .body("errors[0].field", equalTo("outcome"));
        as(Api.ADMIN_KEY).get("/api/v1/finops/unit-costs?outcome=x&groupBy=model").then().statusCode(400)
                .body("errors[0].field", equalTo("groupBy"));
    }

    @Test
    void customerCostIsShownAgainstTheRevenueFinanceSupplied() {
        Api.refreshRates();
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String rich = Api.unique("cust");
        String unknown = Api.unique("cust");
        Api.post(key, withCustomer(rich)).statusCode(201);
        Api.post(key, withCustomer(rich)).statusCode(201);
        Api.post(key, withCustomer(unknown)).statusCode(201);
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"month\":\"" + month + "\",\"revenueUsd\":2.50}")
                .put("/api/v1/finops/customers/" + rich + "/revenue").then().statusCode(204);
        as(Api.ADMIN_KEY).get("/api/v1/finops/customers?teamId=" + team).then().statusCode(200)
                .body("items.find { it.customerId == '" + rich + "' }.costUsd", comparesEqualTo(new BigDecimal("0.025")))
                .body("items.find { it.customerId == '" + rich + "' }.costShareOfRevenue", comparesEqualTo(new BigDecimal("0.01")))
                .body("items.find { it.customerId == '" + unknown + "' }.revenueUsd", nullValue());
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"month\":\"11/2026\",\"revenueUsd\":1}")
                .put("/api/v1/finops/customers/x/revenue").then().statusCode(400).body("errors[0].field", equalTo("month"));
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"month\":\"2026-11\",\"revenueUsd\":-1}")
                .put("/api/v1/finops/customers/x/revenue").then().statusCode(400)
                .body("errors[0].field", equalTo("revenueUsd"));
    }

    private static String withCustomer(String customer) {
        return Api.event(Api.unique("ev"), "gpt-4o", 1000, 1000).replace("}", ",\"customerId\":\"" + customer + "\"}");
    }

    private static String outcome(String id, String agent, int count) {
        return "{\"outcomeId\":\"" + id + "\",\"type\":\"ticket_resolved\",\"count\":" + count + ",\"agentId\":\""
                + agent + "\",\"timestamp\":\"" + Api.now() + "\"}";
    }

    private static ValidatableResponse outcomes(String key, String body) {
        return as(key).contentType(ContentType.JSON).body(body).post("/api/v1/outcomes").then();
    }
}
