package dev.finops.ingest.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "finops.keys")
public interface KeyConfig {

    /** The bootstrap admin key (FINOPS_ADMIN_KEY); registered at start so a new install can be administered. */
    Optional<String> bootstrapAdminKey();

    /** Keys of the services, {@code name:key,name:key}; registered at start with the service role. */
    Optional<String> serviceKeys();
}
