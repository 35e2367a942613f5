package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alert channels cannot point at this host or the cloud metadata service (SSRF) unless the host is allowed. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class AlertDestinationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @IngestStub.Server
    WireMockServer ingest;

    String admin;

    @BeforeEach
    void keys() {
        admin = Api.key(ingest, "admin", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.2/hook",
            "http://[::1]:9000/hook", "http://0.0.0.0/hook", "http://169.254.169.254/latest/meta-data/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://[fe80::1]/hook", "http://2130706433/hook"})
    void loopbackLinkLocalAndMetadataUrlsAreRefused(String url) {
        for (String type : new String[] {"webhook", "alertmanager", "slack"}) {
            as(admin).body("{\"name\":\"" + unique("ssrf") + "\",\"type\":\"" + type + "\",\"url\":\"" + url
                            + "\",\"secret\":\"" + SECRET + "\"}")
                    .post("/api/v1/alert-channels").then().statusCode(400)
                    .body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", containsString("allowed-hosts"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/hook", "https://hooks.example.com/finops"})
    void allowedHostsAndPublicNamesAreAccepted(String url) {
        // an alert type of its own, so this channel never receives other tests' alerts
        as(admin).body("{\"name\":\"" + unique("ok") + "\",\"type\":\"webhook\",\"url\":\"" + url
                        + "\",\"secret\":\"" + SECRET + "\",\"alertTypes\":[\"" + unique("none") + "\"]}")
                .post("/api/v1/alert-channels").then().statusCode(201);
    }
}
