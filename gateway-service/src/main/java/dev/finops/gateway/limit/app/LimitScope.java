package dev.finops.gateway.limit.app;

import dev.finops.gateway.error.GatewayException;
import java.util.Locale;

/** What a rate limit counts: the calls of one API key (by its id), of one team, or of one agent. */
public enum LimitScope {
    KEY, TEAM, AGENT;

    /** From its lower-case name, as in the API path and the database: key, team, agent. */
    public static LimitScope parse(String value) {
        for (LimitScope s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw GatewayException.invalid("scope", "must be one of key, team, agent");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
