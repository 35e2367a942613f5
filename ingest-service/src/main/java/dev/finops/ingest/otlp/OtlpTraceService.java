package dev.finops.ingest.otlp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.service.IngestMetrics;
import dev.finops.ingest.service.IngestedEvent;
import dev.finops.ingest.service.UsageEventParser;
import dev.finops.ingest.service.UsageIngestService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * OTLP trace export (HTTP JSON, HTTP protobuf and gRPC alike): each span with gen_ai usage becomes a usage event (the
 * span id is its eventId, so re-sent batches are idempotent); other spans are ignored and counted; spans whose usage
 * is invalid, or whose span id was already stored with other content, are rejected and reported as OTLP partial
 * success while the rest of the request is stored. Spans stored with cachedTokensUnknown are named in the answer as a
 * warning (partial success with 0 rejected spans, as the OTLP specification allows).
 */
@ApplicationScoped
public class OtlpTraceService {

    /** The OTLP ExportTraceServiceResponse: partialSuccess only when something was rejected or is worth a warning. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportResponse(PartialSuccess partialSuccess) {
    }

    public record PartialSuccess(long rejectedSpans, String errorMessage) {
    }

    private static final int MESSAGES_SHOWN = 5;

    private final GenAiSpanMapper mapper;
    private final UsageIngestService ingest;
    private final IngestMetrics metrics;

    public OtlpTraceService(GenAiSpanMapper mapper, UsageIngestService ingest, IngestMetrics metrics) {
        this.mapper = mapper;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    public Uni<ExportResponse> export(ExportTraceServiceRequest request, ApiKeyPrincipal caller) {
        return export(OtlpProtobuf.toJson(request), caller);
    }

    /** {@code request}: an ExportTraceServiceRequest in its OTLP/JSON form. */
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
                    String problem = accept(mapper.event(scopeSpans.get("scope"), span, attributes), caller, events);
                    if (problem != null) {
                        problems.add("span " + span.path("spanId").asText("?") + ": " + problem);
                    }
                }
            }
        }
        metrics.otlpSpans("ignored", ignored);
        return store(events, caller, problems).map(stored -> {
            metrics.otlpSpans("rejected", problems.size());
            long duplicates = stored.results().stream().filter(IngestedEvent::duplicate).count();
            metrics.otlpSpans("stored", stored.results().size() - duplicates);
            metrics.otlpSpans("duplicate", duplicates);
            return answer(problems, stored.events().stream().filter(UsageEvent::cachedTokensUnknown).count());
        });
    }

    /** The events that were stored (or found stored before) and their answers, in the same order. */
    private record Stored(List<UsageEvent> events, List<IngestedEvent> results) {
    }

    /**
     * Stores the events; those refused because their span id was stored before with other content (409) are moved to
     * {@code problems} and the rest is stored without them, so one such span cannot lose the others.
     */
    private Uni<Stored> store(List<UsageEvent> events, ApiKeyPrincipal caller, List<String> problems) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Stored(events, List.of()));
        }
        return ingest.store(events, caller, true).map(results -> new Stored(events, results))
                .onFailure(OtlpTraceService::isConflict).recoverWithUni(e -> {
                    Set<Integer> conflicting = new TreeSet<>();
                    for (FieldError error : ((ProblemException) e).problem().errors()) {
                        if (conflicting.add(error.index())) {
                            problems.add("span " + events.get(error.index()).eventId()
                                    + ": this span id was already stored with different content");
                        }
                    }
                    List<UsageEvent> rest = new ArrayList<>(events.size());
                    for (int i = 0; i < events.size(); i++) {
                        if (!conflicting.contains(i)) {
                            rest.add(events.get(i));
                        }
                    }
                    return store(rest, caller, problems);
                });
    }

    /** A 409 whose every error names the event's index: the committer's and the within-request conflicts. */
    private static boolean isConflict(Throwable e) {
        return e instanceof ProblemException p && p.problem().status() == 409 && !p.problem().errors().isEmpty()
                && p.problem().errors().stream().allMatch(f -> f.index() != null);
    }

    private ExportResponse answer(List<String> problems, long cachedTokensUnknown) {
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(MESSAGES_SHOWN, problems.size())));
            return new ExportResponse(new PartialSuccess(problems.size(), shown + (problems.size() > MESSAGES_SHOWN
                    ? "; and " + (problems.size() - MESSAGES_SHOWN) + " more" : "")));
        }
        if (cachedTokensUnknown > 0) {
            return new ExportResponse(new PartialSuccess(0, "warning: " + cachedTokensUnknown + " span(s) from an "
                    + "instrumentation that does not report gen_ai.usage.cache_read.input_tokens were stored with "
                    + "cachedTokensUnknown: all their input is valued at the full input rate. For exact figures send "
                    + "that attribute, or report these calls to POST /api/v1/usage with the provider's usage object."));
        }
        return new ExportResponse(null);
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
}
