package dev.finops.http.auth;

import java.security.Principal;

/** Who called: the key's id and name, its role and, for workload keys, its team. */
public record ApiKeyPrincipal(String keyId, String name, Role role, String teamId) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
