package dev.finops.cache;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import org.junit.jupiter.api.BeforeEach;

/** What cache-service's tests share: the stubbed ingest and fresh keys for each test through {@link Api}. */
abstract class CacheTestBase {

    static final String MODEL = "gpt-4o-mini";

    @IngestStub.Server
    WireMockServer ingest;

    Api api;

    @BeforeEach
    void keys() {
        api = new Api(ingest);
    }
}
