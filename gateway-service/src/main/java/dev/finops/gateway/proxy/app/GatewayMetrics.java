package dev.finops.gateway.proxy.app;

import dev.finops.gateway.wire.WireApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The request path's series (docs: k8s dashboard "gateway" row). Labels stay bounded: api, provider (configured
 * names), result, model and team. Series of bounded labels exist at 0 from start-up.
 */
@Startup
@ApplicationScoped
public class GatewayMetrics {

    /** How a call ended, as the {@code result} label. */
    public enum Result {
        OK, UPSTREAM_ERROR, BUDGET_REFUSED, RATE_LIMITED, INVALID, UNAUTHENTICATED, CACHE_HIT, ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (WireApi api : WireApi.values()) {
            for (Result r : Result.values()) {
                requests(api, "none", r);
            }
            added(api);
            registry.counter("finops_gateway_stream_estimated_total", "api", label(api));
        }
        // provider names come from configuration at run time: "none" makes the series exist before the first call
        upstreamTimer("none");
        registry.counter("finops_gateway_fallbacks_total", "provider", "none");
        registry.counter("finops_gateway_cost_usd_total", "provider", "none", "model", "none", "team", "none");
    }

    public void request(WireApi api, String provider, Result result) {
        requests(api, provider, result).increment();
    }

    /** Time spent in the gateway itself: the whole call minus the time waiting for the provider. */
    public void addedLatency(WireApi api, long nanos) {
        added(api).record(Duration.ofNanos(Math.max(0, nanos)));
    }

    public void upstream(String provider, long nanos) {
        upstreamTimer(provider).record(Duration.ofNanos(nanos));
    }

    private Timer upstreamTimer(String provider) {
        return Timer.builder("finops_gateway_upstream_seconds").tag("provider", provider)
                .serviceLevelObjectives(slo(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)).register(registry);
    }

    public void cost(String provider, String model, String team, BigDecimal usd) {
        // A double only for the Prometheus counter; the money that counts is the exact event in ingest.
        registry.counter("finops_gateway_cost_usd_total", "provider", provider, "model", model, "team", team)
                .increment(usd.doubleValue());
    }

    public void estimated(WireApi api) {
        registry.counter("finops_gateway_stream_estimated_total", "api", label(api)).increment();
    }

    public void fallback(String provider) {
        registry.counter("finops_gateway_fallbacks_total", "provider", provider).increment();
    }

    private Counter requests(WireApi api, String provider, Result result) {
        return registry.counter("finops_gateway_requests_total", "api", label(api), "provider", provider, "result",
                result.label());
    }

    private Timer added(WireApi api) {
        return Timer.builder("finops_gateway_added_latency_seconds").tag("api", label(api))
                .serviceLevelObjectives(slo(0.0001, 0.0002, 0.0003, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1))
                .register(registry);
    }

    private static Duration[] slo(double... seconds) {
        return java.util.Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos((long) (s * 1e9)))
                .toArray(Duration[]::new);
    }

    private static String label(WireApi api) {
        return api.name().toLowerCase(Locale.ROOT);
    }

}
