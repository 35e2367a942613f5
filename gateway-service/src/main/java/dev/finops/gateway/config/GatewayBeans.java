package dev.finops.gateway.config;

import dev.finops.gateway.wire.TokenCounter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Beans of classes that know nothing of CDI. */
public class GatewayBeans {

    @Produces
    @Singleton
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
