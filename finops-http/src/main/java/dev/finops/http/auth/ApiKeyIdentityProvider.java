package dev.finops.http.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a verified key into a security identity whose roles drive {@code @RolesAllowed}. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String TEAM_ATTRIBUTE = "teamId";

    private final ApiKeyVerifier verifier;

    public ApiKeyIdentityProvider(ApiKeyVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return verifier.verify(request.getToken().getToken())
                .map(found -> found.map(ApiKeyIdentityProvider::identity)
                        .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key")));
    }

    private static SecurityIdentity identity(ApiKeyPrincipal principal) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(principal)
                .addRoles(principal.role().grants());
        if (principal.teamId() != null) {
            builder.addAttribute(TEAM_ATTRIBUTE, principal.teamId());
        }
        return builder.build();
    }
}
