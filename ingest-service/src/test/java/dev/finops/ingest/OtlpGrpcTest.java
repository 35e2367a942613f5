package dev.finops.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC on its own port: the same keys, the same mapping, gRPC status codes for refusals. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
@QuarkusTestResource(OtlpGrpcPort.class)
class OtlpGrpcTest {

    @Inject
    Pool pool;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void spansExportedOverGrpcBecomeUsageOfTheKeysTeam() {
        Api.refreshRates();
        String team = Api.unique("team");
        String good = OtlpSpans.spanId();
        String bad = OtlpSpans.spanId();
        ExportTraceServiceRequest request = OtlpSpans.resource(Map.of("gen_ai.agent.name", "grpc-bot",
                        "finops.feature", "search"))
                .span("my-instrumentation", good, OtlpProtobufTest.with(OtlpProtobufTest.openai(1200, 300),
                        "gen_ai.usage.cache_read.input_tokens", 1024L), false)
                .span("my-instrumentation", bad, OtlpProtobufTest.with(OtlpProtobufTest.openai(1200, 300),
                        "gen_ai.usage.output_tokens", -5L), false)
                .request();

        ExportTraceServiceResponse answer = stub("Bearer " + Api.key("ingest", team)).export(request);
        assertEquals(1, answer.getPartialSuccess().getRejectedSpans());
        assertTrue(answer.getPartialSuccess().getErrorMessage().contains(bad + ": outputTokens"),
                answer.getPartialSuccess().getErrorMessage());

        Row row = pool.preparedQuery("SELECT * FROM usage_events WHERE team_id = $1 AND event_id = $2")
                .execute(Tuple.of(team, good)).await().indefinitely().iterator().next();
        assertEquals(0, new BigDecimal("0.00472").compareTo(row.getBigDecimal("cost_usd")));
        assertEquals("grpc-bot", row.getString("agent_id"));
        assertEquals("search", row.getString("feature"));
    }

    @Test
    void anAdminKeyNamesTheTeamInAnAttribute() {
        String team = Api.unique("team");
        String span = OtlpSpans.spanId();
        ExportTraceServiceResponse answer = stub("Bearer " + Api.ADMIN_KEY).export(OtlpSpans.resource(
                Map.of("finops.team.id", team)).span("x", span, OtlpProtobufTest.openai(10, 1), false).request());
        assertEquals(false, answer.hasPartialSuccess(), answer.toString());
        Long stored = pool.preparedQuery("SELECT count(*) FROM usage_events WHERE team_id = $1 AND event_id = $2")
                .execute(Tuple.of(team, span)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(1L, stored);
    }

    @Test
    void callsWithoutAValidIngestKeyAreRefused() {
        ExportTraceServiceRequest empty = ExportTraceServiceRequest.getDefaultInstance();
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(null, empty));
        assertEquals(Status.Code.UNAUTHENTICATED, refusal("Basic dXNlcjpwYXNz", empty));
        assertEquals(Status.Code.UNAUTHENTICATED, refusal("Bearer not-a-key", empty));
        assertEquals(Status.Code.PERMISSION_DENIED, refusal("Bearer " + Api.key("reader", null), empty));
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(),
                stub("Bearer " + Api.key("ingest", Api.unique("team"))).export(empty));
    }

    private Status.Code refusal(String authorization, ExportTraceServiceRequest request) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub(authorization)
                .export(request));
        return e.getStatus().getCode();
    }

    private TraceServiceGrpc.TraceServiceBlockingStub stub(String authorization) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        }
        return TraceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
