package dev.finops.gateway;

import java.util.Map;

/**
 * ingest-service stubbed (finops-testing's stub: key introspection and the usage intake) and pointed at by the
 * gateway's configuration, with an outbox that retries quickly so outage tests take a second, not half a minute.
 */
public class IngestStub extends dev.finops.testing.IngestStub {

    @Override
    protected Map<String, String> moreConfig(String baseUrl) {
        return Map.of(
                "finops.gateway.ingest-url", baseUrl,
                "finops.gateway.outbox.batch-size", "100",
                "finops.gateway.outbox.backoff-base", "50ms",
                "finops.gateway.outbox.backoff-cap", "400ms",
                "finops.gateway.outbox.send-timeout", "3s",
                "finops.gateway.outbox.claim-lease", "20s");
    }
}
