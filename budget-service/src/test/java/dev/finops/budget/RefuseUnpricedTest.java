package dev.finops.budget;

import static dev.finops.budget.Api.check;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** finops.budget.refuse-unpriced: a check naming a model without a rate is refused before any money is spent. */
@QuarkusTest
@TestProfile(RefuseUnpricedTest.Refusing.class)
@WithTestResource(IngestStub.class)
class RefuseUnpricedTest extends BudgetTestBase {

    public static class Refusing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("finops.budget.refuse-unpriced", "true");
        }
    }

    @Test
    void aModelWithoutARateIsRefusedNamingItAndHowToPriceIt() {
        String workload = Api.key(ingest, "ingest", team);
        String priced = unique("priced");
        String unpriced = unique("unpriced");
        ingest.stubFor(WireMock.post("/api/v1/finops/quote")
                .withRequestBody(WireMock.matchingJsonPath("$.model", WireMock.equalTo(priced)))
                .willReturn(WireMock.okJson("{\"modelId\":\"" + priced + "\",\"rateVersion\":1,\"totalUsd\":0}")));
        ingest.stubFor(WireMock.post("/api/v1/finops/quote")
                .withRequestBody(WireMock.matchingJsonPath("$.model", WireMock.equalTo(unpriced)))
                .willReturn(WireMock.aResponse().withStatus(422)));

        check(workload, "{\"model\":\"" + priced + "\"}").statusCode(200).body("allowed", equalTo(true));
        check(workload, "{\"model\":\"" + unpriced + "\"}").statusCode(422)
                .body("errors[0].field", equalTo("model"))
                .body("detail", containsString(unpriced))
                .body("detail", containsString("PUT /api/v1/finops/valuation-rates"));
        check(workload, "{}").statusCode(200).body("allowed", equalTo(true));

        // the answer is kept for a minute: a second check asks pricing-service nothing
        check(workload, "{\"model\":\"" + unpriced + "\"}").statusCode(422);
        ingest.verify(1, WireMock.postRequestedFor(WireMock.urlEqualTo("/api/v1/finops/quote"))
                .withRequestBody(WireMock.matchingJsonPath("$.model", WireMock.equalTo(unpriced))));
    }
}
