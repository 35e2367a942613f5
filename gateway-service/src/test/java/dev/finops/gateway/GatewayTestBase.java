package dev.finops.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;

/** What the gateway's tests against the stubbed ingest share: an admin key of their own and a few helpers. */
public abstract class GatewayTestBase {

    @IngestStub.Server
    protected WireMockServer ingest;

    protected String admin;

    @BeforeEach
    void adminKey() {
        admin = unique("admin");
        IngestStub.activeAdmin(ingest, admin);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Polls until the condition holds (background work: the publisher, a refresh), failing after {@code within}. */
    protected static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "not within " + within + ": " + what);
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series in a scrape; fails when the series is missing. */
    protected static double metric(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+|NaN)$").matcher(scrape);
        assertTrue(m.find(), () -> "no series " + series + " in:\n" + scrape.lines()
                .filter(l -> l.startsWith("finops_gateway")).collect(java.util.stream.Collectors.joining("\n")));
        return Double.parseDouble(m.group(1));
    }
}
