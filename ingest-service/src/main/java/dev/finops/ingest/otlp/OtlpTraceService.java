package dev.finops.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.service.IngestedEvent;
import dev.finops.ingest.service.UsageEventParser;
import dev.finops.ingest.service.UsageIngestService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP trace export: each span with gen_ai usage becomes a usage event (the span id is its
 * eventId, so re-sent batches are idempotent); other spans are ignored and counted; spans whose
 * usage is invalid are rejected and reported as OTLP partial success.
 */
@ApplicationScoped
public class OtlpTraceService {

    /** The OTLP ExportTraceServiceResponse: partialSuccess only when something was rejected. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ExportResponse(PartialSuccess partialSuccess) {
    }

    public record PartialSuccess(long rejectedSpans, String errorMessage) {
    }

    private final GenAiSpanMapper mapper;
    private final UsageIngestService ingest;
    private final MeterRegistry registry;

    public OtlpTraceService(GenAiSpanMapper mapper, UsageIngestService ingest, MeterRegistry registry) {
        this.mapper = mapper;
        this.ingest = ingest;
        this.registry = registry;
    }

    public Uni<ExportResponse> export(JsonNode request, ApiKeyPrincipal caller) {
        List<UsageEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long ignored = 0;
        for (JsonNode resourceSpans : request.path("resourceSpans")) {
            for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                for (JsonNode span : scopeSpans.path("spans")) {
                    Map<String, JsonNode> attributes = GenAiSpanMapper.attributes(resourceSpans.get("resource"), span);
                    if (!GenAiSpanMapper.hasUsage(attributes)) {
                        ignored++;
                        continue;
                    }
                    String problem = accept(mapper.event(span, attributes), caller, events);
                    if (problem != null) {
                        problems.add("span " + span.path("spanId").asText("?") + ": " + problem);
                    }
                }
            }
        }
        count("ignored", ignored);
        count("rejected", problems.size());
        Uni<List<IngestedEvent>> stored = events.isEmpty() ? Uni.createFrom().item(List.of())
                : ingest.store(events, caller, true);
        return stored.map(results -> {
            long duplicates = results.stream().filter(IngestedEvent::duplicate).count();
            count("stored", results.size() - duplicates);
            count("duplicate", duplicates);
            return new ExportResponse(problems.isEmpty() ? null : new PartialSuccess(problems.size(),
                    String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                            + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : "")));
        });
    }

    /** Validates one mapped span; answers why it is rejected, or null when it was taken. */
    private String accept(JsonNode event, ApiKeyPrincipal caller, List<UsageEvent> events) {
        UsageEventParser.Result r = ingest.read(event);
        if (!r.errors().isEmpty()) {
            return r.errors().get(0).field() + " " + r.errors().get(0).message();
        }
        UsageEvent e = r.event();
        if (caller.role() == Role.ingest && e.teamId() != null && !e.teamId().equals(caller.teamId())) {
            return "team '" + e.teamId() + "' is not this key's team";
        }
        if (caller.role() != Role.ingest && e.teamId() == null) {
            return "no team attribute; with a non-workload key each span needs one";
        }
        events.add(e);
        return null;
    }

    private void count(String result, long n) {
        if (n > 0) {
            registry.counter("finops.otlp.spans", "result", result).increment(n);
        }
    }
}
