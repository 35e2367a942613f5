package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.decimal;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.finops.budget.UsageFeedStub.Usage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/budgets/{id}/status and GET /api/v1/finops/budget against spend from the feed. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class StatusTest extends BudgetTestBase {

    String reader;

    @BeforeEach
    void readerKey() {
        reader = Api.key(ingest, "reader", null);
    }

    @Test
    void statusGoesFromOkToWarningToExceededToBlocked() {
        String id = Api.budget(admin, "{\"name\":\"" + unique("s") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"daily\",\"amountUsd\":10,\"alertAtPercent\":[50,80],\"hardLimitPercent\":120}");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        status(id).body("state", equalTo("ok")).body("spentUsd", decimal("0"))
                .body("periodStart", equalTo(today.atStartOfDay(ZoneOffset.UTC).toInstant().toString()))
                .body("periodEnd", equalTo(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString()));

        spend("6");
        status(id).body("state", equalTo("warning")).body("spentUsd", decimal("6")).body("percent", decimal("60"))
                .body("remainingUsd", decimal("4")).body("projectedUsd", notNullValue())
                .body("hardLimitUsd", decimal("12"));
        spend("5");
        status(id).body("state", equalTo("exceeded")).body("remainingUsd", decimal("0"));
        spend("1");
        status(id).body("state", equalTo("blocked")).body("percent", decimal("120"));
        as(reader).get("/api/v1/budgets/" + UUID.randomUUID() + "/status").then().statusCode(404);
    }

    @Test
    void burnDownOfABudgetAndOfTheOrgMonthlyBudget() {
        String id = Api.teamBudget(admin, team, "monthly", "UTC", "300", null);
        spend("12.5");
        int daysInMonth = YearMonth.now(ZoneOffset.UTC).lengthOfMonth();
        int today = LocalDate.now(ZoneOffset.UTC).getDayOfMonth();
        as(reader).get("/api/v1/finops/budget?budgetId=" + id).then().statusCode(200)
                .body("budgetId", equalTo(id)).body("capUsd", decimal("300")).body("spentUsd", decimal("12.5"))
                .body("days", hasSize(daysInMonth))
                .body("days[" + (today - 1) + "].actualUsd", decimal("12.5"))
                .body("days[" + (daysInMonth - 1) + "].capUsd", decimal("300"))
                .body("projections.linearPeriodToDate.endOfPeriodUsd", notNullValue())
                .body("projections.trailing7Day.description", notNullValue());
        if (today < daysInMonth) {
            as(reader).get("/api/v1/finops/budget?budgetId=" + id).then().body("days[" + today + "].actualUsd", nullValue());
        }

        as(admin).body("{\"monthly_usd\":1000}").post("/api/v1/budgets/import/drako").then().statusCode(200);
        as(reader).get("/api/v1/finops/budget").then().statusCode(200).body("name", equalTo("org-monthly"))
                .body("capUsd", decimal("1000"));
        as(reader).get("/api/v1/finops/budget?budgetId=nope").then().statusCode(404);
    }

    private io.restassured.response.ValidatableResponse status(String id) {
        return as(reader).get("/api/v1/budgets/" + id + "/status").then().statusCode(200);
    }

    private void spend(String usd) {
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), usd));
        Feeds.drainAll(consumer);
    }
}
