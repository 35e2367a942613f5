package dev.finops.anomaly;

import dev.finops.testing.PlatformEndpointsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** anomaly-service starts against the real Postgres, is observable without a key and guards its API with one. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class SmokeTest extends PlatformEndpointsContract {
}
