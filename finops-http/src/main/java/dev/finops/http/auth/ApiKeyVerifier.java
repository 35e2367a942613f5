package dev.finops.http.auth;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** Resolves a presented API key to its principal, or empty when the key is unknown or revoked. */
public interface ApiKeyVerifier {

    Uni<Optional<ApiKeyPrincipal>> verify(String presentedKey);
}
