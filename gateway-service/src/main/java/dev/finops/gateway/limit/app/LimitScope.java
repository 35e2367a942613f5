package dev.finops.gateway.limit.app;

// placeholder: the real one comes from branch gw-store
/** What a rate limit counts: the calls of one API key, one team, or one agent. */
public enum LimitScope {
    KEY, TEAM, AGENT
}
