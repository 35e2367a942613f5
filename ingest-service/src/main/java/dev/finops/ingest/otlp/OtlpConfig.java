package dev.finops.ingest.otlp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Which span or resource attributes carry the attribution that gen_ai conventions do not define. */
@ConfigMapping(prefix = "finops.otlp")
public interface OtlpConfig {

    /** The team (needed with an admin key; an ingest key's own team always wins). */
    @WithDefault("finops.team.id")
    String teamAttribute();

    @WithDefault("finops.feature")
    String featureAttribute();

    @WithDefault("finops.customer.id")
    String customerAttribute();

    /** The environment: the first of these attributes present. */
    @WithDefault("deployment.environment.name,deployment.environment")
    List<String> environmentAttributes();
}
