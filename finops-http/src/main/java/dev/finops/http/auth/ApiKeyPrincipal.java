package dev.finops.http.auth;

import java.security.Principal;

/** Who called: the key's id and name, its role and its team (null: org scope, every team). */
public record ApiKeyPrincipal(String keyId, String name, Role role, String teamId) implements Principal {

    @Override
    public String getName() {
        return name;
    }

    /** The team this key acts inside. */
    public TeamScope scope() {
        return TeamScope.of(teamId);
    }
}
