package dev.finops.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** OTLP protobuf requests as an SDK builds them: one resource, scopes of spans with attributes. */
final class OtlpSpans {

    static final String OPENAI_INSTRUMENTATION = "@opentelemetry/instrumentation-openai";

    private final ResourceSpans.Builder resource = ResourceSpans.newBuilder();

    private OtlpSpans(Map<String, Object> resourceAttributes) {
        Resource.Builder r = Resource.newBuilder();
        resourceAttributes.forEach((k, v) -> r.addAttributes(attribute(k, v)));
        resource.setResource(r);
    }

    static OtlpSpans resource(Map<String, Object> attributes) {
        return new OtlpSpans(attributes);
    }

    /** A span id unique to this run (16 hex digits). */
    static String spanId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Adds a scope with one span of these attributes, ended a minute ago after 800 ms; {@code error}: status ERROR. */
    OtlpSpans span(String scope, String spanId, Map<String, Object> attributes, boolean error) {
        Instant end = Instant.now().minus(1, ChronoUnit.MINUTES);
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId)))
                .setName("chat").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(nanos(end.minusMillis(800))).setEndTimeUnixNano(nanos(end));
        if (error) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        attributes.forEach((k, v) -> span.addAttributes(attribute(k, v)));
        resource.addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope)
                .setVersion("0.22.0")).addSpans(span));
        return this;
    }

    ExportTraceServiceRequest request() {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(resource).build();
    }

    byte[] bytes() {
        return request().toByteArray();
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static KeyValue attribute(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof Long || value instanceof Integer) {
            v.setIntValue(((Number) value).longValue());
        } else if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else if (value instanceof Boolean b) {
            v.setBoolValue(b);
        } else {
            v.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }
}
