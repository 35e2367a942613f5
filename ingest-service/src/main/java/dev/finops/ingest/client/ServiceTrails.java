package dev.finops.ingest.client;

import dev.finops.audit.AuditEntry;
import dev.finops.audit.SuiteTrails;
import dev.finops.ingest.config.AuditConfig;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The other services' audit trails for ingest's merged GET /api/v1/audit, each asked with the caller's key so it
 * applies the caller's scope itself. A service that does not answer (down, slow, refusing) leaves its entries out,
 * and the answer names it in {@value #MISSING_HEADER}; the merged view never fails for that.
 */
@ApplicationScoped
public class ServiceTrails implements SuiteTrails {

    /** The services whose entries are missing from a merged answer, comma-separated; absent when none are. */
    public static final String MISSING_HEADER = "X-FinOps-Audit-Missing";

    private final Map<String, AuditTrailClient> clients = new TreeMap<>();
    private final CurrentVertxRequest request;
    private final long timeoutMillis;

    public ServiceTrails(AuditConfig config, CurrentVertxRequest request) {
        this.request = request;
        this.timeoutMillis = config.timeout().toMillis();
        config.trails().forEach((service, url) -> clients.put(service, QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url)).connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS).build(AuditTrailClient.class)));
    }

    @Override
    public Uni<List<AuditEntry>> fetch(String authorization, Query query) {
        RoutingContext http = request.getCurrent();
        String since = query.since() == null ? null : query.since().toString();
        List<Uni<Answer>> asked = clients.entrySet().stream().map(c -> c.getValue()
                .list(authorization, since, query.kind(), query.actor(), query.limit())
                .ifNoItem().after(Duration.ofMillis(timeoutMillis)).fail()
                .map(entries -> new Answer(c.getKey(), entries))
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("audit trail of %s unavailable: %s", c.getKey(), e.getMessage());
                    return new Answer(c.getKey(), null);
                })).toList();
        if (asked.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(asked).andFailFast().map(answers -> {
            List<AuditEntry> all = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (Answer a : answers) {
                if (a.entries() == null) {
                    missing.add(a.service());
                } else {
                    all.addAll(a.entries());
                }
            }
            if (!missing.isEmpty() && http != null) {
                http.response().putHeader(MISSING_HEADER, String.join(",", missing));
            }
            return all;
        });
    }

    private record Answer(String service, List<AuditEntry> entries) {
    }
}
