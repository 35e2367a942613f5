package dev.finops.http.auth;

/** The key owner (ingest-service) could not be asked; the request is refused rather than let through. */
public class KeyServiceUnavailableException extends RuntimeException {

    public KeyServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
