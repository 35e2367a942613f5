package dev.finops.http.auth;

/** The key owner (ingest-service) could not be asked; the request is refused rather than let through. */
public class KeyServiceUnavailableException extends RuntimeException {

    private final String detail;

    private KeyServiceUnavailableException(String detail, Throwable cause) {
        super(detail + ": " + cause.getMessage(), cause);
        this.detail = detail;
    }

    public static KeyServiceUnavailableException unreachable(Throwable cause) {
        return new KeyServiceUnavailableException(
                "API keys cannot be checked right now (ingest-service unreachable); retry shortly.", cause);
    }

    public static KeyServiceUnavailableException serviceKeyRefused(Throwable cause) {
        return new KeyServiceUnavailableException("API keys cannot be checked: ingest-service refuses this service's "
                + "own key (finops.auth.service-key / FINOPS_SERVICE_KEY); an operator must fix the configuration.",
                cause);
    }

    /** What the caller is told; the cause goes to the log only. */
    public String detail() {
        return detail;
    }
}
