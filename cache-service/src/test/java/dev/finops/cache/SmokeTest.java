package dev.finops.cache;

import dev.finops.testing.IngestStub;
import dev.finops.testing.PlatformEndpointsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** cache-service starts against the real Postgres, is observable without a key and guards its API with one. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class SmokeTest extends PlatformEndpointsContract {
}
