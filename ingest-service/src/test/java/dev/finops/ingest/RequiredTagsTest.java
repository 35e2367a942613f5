package dev.finops.ingest;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An installation that requires attribution tags refuses events without them. */
@QuarkusTest
@TestProfile(RequiredTagsTest.Required.class)
@QuarkusTestResource(PricingStub.class)
class RequiredTagsTest {

    public static class Required implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("finops.ingest.required-tags", "agentId,feature,costCenter");
        }
    }

    @Test
    void eventsWithoutTheRequiredTagsAre400NamingEachMissingOne() {
        String key = Api.key("ingest", Api.unique("team"));
        String base = "{\"eventId\":\"" + Api.unique("ev") + "\",\"timestamp\":\"" + Api.now()
                + "\",\"model\":\"gpt-4o\",\"inputTokens\":1,\"outputTokens\":1";
        Api.post(key, base + ",\"agentId\":\"a\"}").statusCode(400)
                .body("errors.field", hasItem("feature")).body("errors.field", hasItem("tags.costCenter"))
                .body("errors", hasSize(2));
        Api.post(key, base + ",\"agentId\":\"a\",\"feature\":\"chat\",\"tags\":{\"costCenter\":\"cc-1\"}}")
                .statusCode(201);
    }
}
