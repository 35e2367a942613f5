package dev.finops.e2e;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running suite for every *IT of this JVM: started by the first test class that needs it and stopped
 * after the last one (JUnit closes root-store resources at the end), or by the JVM's shutdown hook.
 */
public final class Suite implements BeforeAllCallback {

    /**
     * Settings of the e2e run: the local receivers are allowed (SSRF guard), retries, detectors and Alertmanager
     * re-sends run fast, the gateway reads new rates every 2 s, and start-up waits are generous (six JVMs starting at
     * once on two busy cores).
     */
    static final Map<String, String> SERVICE_ENV = Map.of(
            "FINOPS_READY_TIMEOUT", "300",
            "QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S",
            "FINOPS_ALERTS_ALLOWED_HOSTS", "127.0.0.1",
            "FINOPS_BUDGET_DELIVERY_BACKOFF", "1s,2s,3s",
            "FINOPS_BUDGET_DELIVERY_MAX_ATTEMPTS", "1000",
            "FINOPS_ANOMALY_DETECTORS_INTERVAL", "2s",
            "FINOPS_ANOMALY_ALERTS_INTERVAL", "1s",
            "FINOPS_GATEWAY_RATE_REFRESH", "2s",
            "FINOPS_BUDGET_ALERTS_RESEND_INTERVAL", "5s");

    private static FinopsSuite suite;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(FinopsSuite.class,
                k -> new Running(FinopsSuite.startFromSystemProperties(SERVICE_ENV)), Running.class);
    }

    /** The running suite (for any *IT extended with this class). */
    public static FinopsSuite get() {
        return suite;
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource {
        Running(FinopsSuite started) {
            suite = started;
            Http.recordResponses();
        }

        @Override
        public void close() {
            try {
                SuiteApi.deleteChannels();
            } finally {
                suite.close();
            }
        }
    }
}
