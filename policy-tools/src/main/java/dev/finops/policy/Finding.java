package dev.finops.policy;

/** One finding of a check: its rule (FIN-001 …, or SCHEMA), severity, where, and what to do about it. */
public record Finding(String rule, Severity severity, String where, String message) {

    public enum Severity {
        HIGH, MEDIUM, LOW
    }

    @Override
    public String toString() {
        return String.format("%-6s %-8s %s: %s", severity, rule, where, message);
    }
}
