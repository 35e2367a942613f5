package dev.finops.gateway.proxy.app;

/** The authenticated caller: its key's id and the team every call of it is charged to. */
public record Caller(String keyId, String teamId) {
}
