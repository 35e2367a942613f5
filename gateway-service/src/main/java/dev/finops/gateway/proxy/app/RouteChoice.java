package dev.finops.gateway.proxy.app;

/** The model a call goes to, and why: the routing rule that chose it, or "requested" when none did. */
public record RouteChoice(String model, String rule) {
}
