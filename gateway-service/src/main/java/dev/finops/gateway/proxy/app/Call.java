package dev.finops.gateway.proxy.app;

import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.limit.app.LimitDecision;
import dev.finops.gateway.limit.app.LimitSubject;
import dev.finops.gateway.provider.app.ProviderCatalog.Upstream;
import dev.finops.gateway.wire.WireApi;
import dev.finops.gateway.wire.WireRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One call on its way through the gateway: what each step found out, and how long each took. */
public final class Call {

    private final String requestId;
    private final WireApi api;
    private final WireRequest request;
    private final CallHeaders headers;
    private final long startNanos = System.nanoTime();
    private final List<String> timings = new ArrayList<>();
    private long stepStart = startNanos;
    private long upstreamNanos;

    Caller caller;
    Attribution who;
    LimitSubject subject;
    LimitDecision limits = LimitDecision.unlimited();
    long inputTokens;
    long maxOutputTokens;
    RouteChoice route;
    Upstream upstream;
    String cacheNamespace;
    CachedText cached;

    public Call(String requestId, WireApi api, WireRequest request, CallHeaders headers) {
        this.requestId = requestId;
        this.api = api;
        this.request = request;
        this.headers = headers;
    }

    /** Ends the current step under this name (for Server-Timing). */
    void step(String name) {
        long now = System.nanoTime();
        timings.add(name + ";dur=" + String.format(java.util.Locale.ROOT, "%.3f", (now - stepStart) / 1e6));
        stepStart = now;
    }

    /** The provider was waited on for this long: not the gateway's own time. */
    public void addUpstreamNanos(long nanos) {
        upstreamNanos += nanos;
    }

    public long addedNanos() {
        return System.nanoTime() - startNanos - upstreamNanos;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public String serverTiming() {
        return String.join(", ", timings);
    }

    public String requestId() {
        return requestId;
    }

    public WireApi api() {
        return api;
    }

    public WireRequest request() {
        return request;
    }

    public CallHeaders headers() {
        return headers;
    }

    public Attribution who() {
        return who;
    }

    public String model() {
        return route.model();
    }

    public RouteChoice route() {
        return route;
    }

    /** The provider the routed model goes to. */
    public Upstream upstream() {
        return upstream;
    }

    public CachedText cached() {
        return cached;
    }

    public Map<String, String> limitHeaders() {
        return limits.headers();
    }

    /** The team-scoped cache namespace the call opted into, or null. */
    public String cacheNamespace() {
        return cacheNamespace;
    }

    public long inputTokens() {
        return inputTokens;
    }
}
