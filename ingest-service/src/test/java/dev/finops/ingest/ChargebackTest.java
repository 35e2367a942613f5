package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class ChargebackTest {

    @Test
    void eachTeamsMonthlySpendIsSetAgainstItsBudgetAndDegradesWithoutBudgetService() {
        Api.refreshRates();
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        Api.post(key, Api.event(Api.unique("ev"), "gpt-4o", 1000, 1000)).statusCode(201);
        Api.post(key, Api.event(Api.unique("ev"), "gpt-4o", 1000, 1000)).statusCode(201);
        PricingStub.budgetsAnswer("[{\"id\":\"b1\",\"name\":\"team budget\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":1.00,\"enabled\":true},"
                + "{\"id\":\"b2\",\"name\":\"daily\",\"scope\":{\"team\":\"" + team + "\"},\"period\":\"daily\","
                + "\"amountUsd\":5,\"enabled\":true},"
                + "{\"id\":\"b3\",\"name\":\"org\",\"scope\":{},\"period\":\"monthly\",\"amountUsd\":1000,\"enabled\":true}]");
        String line = "teams.find { it.teamId == '" + team + "' }";
        as(Api.ADMIN_KEY).get("/api/v1/finops/chargeback").then().statusCode(200)
                .body(line + ".spendUsd", comparesEqualTo(new BigDecimal("0.025")))
                .body(line + ".budgetUsd", comparesEqualTo(new BigDecimal("1.00")))
                .body(line + ".varianceUsd", comparesEqualTo(new BigDecimal("0.975")))
                .body(line + ".budgetUsedRatio", comparesEqualTo(new BigDecimal("0.025")))
                .body("orgBudgetUsd", equalTo(1000))
                .body("budgetNote", nullValue());

        PricingStub.budgetsAnswer(null);
        as(Api.ADMIN_KEY).get("/api/v1/finops/chargeback").then().statusCode(200)
                .body(line + ".spendUsd", comparesEqualTo(new BigDecimal("0.025")))
                .body(line + ".budgetUsd", nullValue())
                .body("budgetNote", containsString("unreachable"));
        PricingStub.budgetsAnswer("[]");

        as(Api.ADMIN_KEY).get("/api/v1/finops/chargeback?month=November").then().statusCode(400)
                .body("errors[0].field", equalTo("month"));
    }
}
