package dev.finops.ingest.otlp;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * OTLP intake: which span or resource attributes carry the attribution that the gen_ai conventions do not define,
 * which instrumentations are known to leave cached tokens out, and the OTLP/gRPC port.
 */
@ConfigMapping(prefix = "finops.otlp")
public interface OtlpConfig {

    /** The team (needed with an admin key; an ingest key's own team always wins). */
    @WithDefault("finops.team.id")
    String teamAttribute();

    /** The agent: the first of these attributes present (span first, then resource). */
    @WithDefault("gen_ai.agent.id,gen_ai.agent.name")
    List<String> agentAttributes();

    @WithDefault("finops.feature")
    String featureAttribute();

    @WithDefault("finops.customer.id")
    String customerAttribute();

    /** The environment: the first of these attributes present. */
    @WithDefault("deployment.environment.name,deployment.environment")
    List<String> environmentAttributes();

    /**
     * Instrumentation scopes that never report gen_ai.usage.cache_read.input_tokens: their spans without it are stored
     * with cachedTokensUnknown, since 0 cached tokens from them is not a measurement.
     */
    @WithDefault("@opentelemetry/instrumentation-openai")
    List<String> scopesWithoutCachedTokens();

    /** OTLP/gRPC port (quarkus.grpc.server.port follows it; env FINOPS_OTLP_GRPC_PORT). */
    @WithDefault("4317")
    int grpcPort();

    /** Largest OTLP/HTTP body after gzip decompression (the compressed body is held to quarkus.http.limits). */
    @WithDefault("16M")
    MemorySize maxDecompressedBody();
}
