package dev.finops.anomaly;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Helpers the anomaly tests share: keys known to the ingest stub, unique names, exact decimals, draining. */
final class Api {

    /** Money is compared exactly: JSON decimals are read as BigDecimal, never float. */
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private Api() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String key(WireMockServer ingest, String role, String teamId) {
        String key = unique("key-" + role);
        IngestStub.activeKey(ingest, key, role, teamId);
        return key;
    }

    static RequestSpecification as(String key) {
        return given().config(EXACT).auth().oauth2(key).contentType(ContentType.JSON);
    }

    /** A JSON number equal in value to the decimal. */
    static Matcher<Object> decimal(String expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number && new BigDecimal(item.toString()).compareTo(new BigDecimal(expected)) == 0;
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("a number equal to " + expected);
            }
        };
    }

    /** Consumes everything the feed stub holds (tests disable the poller, so nothing else races). */
    static void drainAll(AnomalyFeedConsumer consumer) {
        for (int i = 0; i < 200; i++) {
            if (consumer.drain().await().atMost(Duration.ofSeconds(30)).events() == 0) {
                return;
            }
        }
        throw new AssertionError("the feed did not drain");
    }
}
