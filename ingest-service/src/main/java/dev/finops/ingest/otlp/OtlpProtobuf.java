package dev.finops.ingest.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP protobuf (HTTP and gRPC) to and from the one form the mapping reads: a protobuf request becomes the tree its
 * OTLP/JSON encoding would parse to (ids in hex, 64-bit integers as strings, unset fields absent), so both encodings
 * are mapped by the same code. Only what the mapping reads is carried over.
 */
public final class OtlpProtobuf {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private OtlpProtobuf() {
    }

    public static ObjectNode toJson(ExportTraceServiceRequest request) {
        ObjectNode root = JSON.objectNode();
        ArrayNode resourceSpans = root.putArray("resourceSpans");
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ObjectNode r = resourceSpans.addObject();
            if (rs.hasResource()) {
                attributes(r.putObject("resource"), rs.getResource().getAttributesList());
            }
            ArrayNode scopeSpans = r.putArray("scopeSpans");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ObjectNode s = scopeSpans.addObject();
                if (ss.hasScope()) {
                    ObjectNode scope = s.putObject("scope");
                    putText(scope, "name", ss.getScope().getName());
                    putText(scope, "version", ss.getScope().getVersion());
                }
                ArrayNode spans = s.putArray("spans");
                ss.getSpansList().forEach(span -> span(spans.addObject(), span));
            }
        }
        return root;
    }

    public static ExportTraceServiceResponse response(OtlpTraceService.ExportResponse answer) {
        ExportTraceServiceResponse.Builder out = ExportTraceServiceResponse.newBuilder();
        if (answer.partialSuccess() != null) {
            out.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(answer.partialSuccess().rejectedSpans())
                    .setErrorMessage(answer.partialSuccess().errorMessage()));
        }
        return out.build();
    }

    private static void span(ObjectNode out, Span span) {
        putId(out, "traceId", span.getTraceId());
        putId(out, "spanId", span.getSpanId());
        putText(out, "name", span.getName());
        putNanos(out, "startTimeUnixNano", span.getStartTimeUnixNano());
        putNanos(out, "endTimeUnixNano", span.getEndTimeUnixNano());
        if (span.hasStatus()) {
            out.putObject("status").put("code", span.getStatus().getCodeValue());
        }
        attributes(out, span.getAttributesList());
    }

    private static void attributes(ObjectNode owner, List<KeyValue> attributes) {
        ArrayNode out = owner.putArray("attributes");
        for (KeyValue kv : attributes) {
            ObjectNode entry = out.addObject();
            entry.put("key", kv.getKey());
            entry.set("value", value(kv.getValue()));
        }
    }

    /** Scalars as OTLP/JSON writes them (int64 as a string); arrays, maps and bytes are not read by the mapping. */
    private static ObjectNode value(AnyValue v) {
        ObjectNode out = JSON.objectNode();
        switch (v.getValueCase()) {
            case STRING_VALUE -> out.put("stringValue", v.getStringValue());
            case INT_VALUE -> out.put("intValue", Long.toString(v.getIntValue()));
            case DOUBLE_VALUE -> out.put("doubleValue", v.getDoubleValue());
            case BOOL_VALUE -> out.put("boolValue", v.getBoolValue());
            default -> {
                // ARRAY_VALUE, KVLIST_VALUE, BYTES_VALUE, VALUE_NOT_SET: an empty AnyValue
            }
        }
        return out;
    }

    private static void putId(ObjectNode out, String field, ByteString id) {
        if (!id.isEmpty()) {
            out.put(field, HEX.formatHex(id.toByteArray()));
        }
    }

    /** fixed64 nanoseconds; 0 is "not set" in proto3, as an absent field is in JSON. */
    private static void putNanos(ObjectNode out, String field, long nanos) {
        if (nanos != 0) {
            out.put(field, Long.toUnsignedString(nanos));
        }
    }

    private static void putText(ObjectNode out, String field, String value) {
        if (!value.isEmpty()) {
            out.put(field, value);
        }
    }
}
