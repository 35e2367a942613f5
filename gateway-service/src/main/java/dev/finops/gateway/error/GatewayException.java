package dev.finops.gateway.error;

/**
 * Something the gateway refuses or cannot do, with a kind and the request field or header it is about. It knows
 * nothing of HTTP: the proxy turns it into the caller's provider error shape, the admin API into a problem.
 */
public class GatewayException extends RuntimeException {

    /** What went wrong, as a caller sees it. */
    public enum Kind {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, UNSUPPORTED_MEDIA,
        /** a budget's hard cap: retrying will not help before the period resets */
        REFUSED,
        /** a rate limit: retry after the window moves */
        RATE_LIMITED,
        UNAVAILABLE
    }

    private final Kind kind;
    private final String param;
    private final long retryAfterSeconds;

    public GatewayException(Kind kind, String param, String message) {
        this(kind, param, message, 0);
    }

    public GatewayException(Kind kind, String param, String message, long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static GatewayException invalid(String param, String message) {
        return new GatewayException(Kind.INVALID, param, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The body field or header the error is about, or null. */
    public String param() {
        return param;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
