package dev.finops.gateway.config;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * LLMProvider and LLMRateLimit resources are the org's, as their REST APIs are the admin's: one in a namespace
 * labelled {@code finops.dev/team} acts as that team's team-admin would, and a team-admin manages neither, so it is
 * Invalid (a team must not raise its own rate limit or bring its own provider into the org's gateway).
 */
@ApplicationScoped
public class OrgResources {

    private final NamespaceTeams teams;

    public OrgResources(NamespaceTeams teams) {
        this.teams = teams;
    }

    public void require(ResourceOwner owner) {
        teams.scopeOf(owner.namespace()).team().ifPresent(team -> {
            throw new ProblemException(Response.Status.FORBIDDEN, "metadata.namespace: " + owner.kind() + " resources "
                    + "are the org's; namespace '" + owner.namespace() + "' is team '" + team + "''s (label "
                    + NamespaceTeams.TEAM_LABEL + "), so this one is not applied: create it in an unlabelled namespace",
                    List.of(new FieldError("metadata.namespace", "must be a namespace without " + NamespaceTeams.TEAM_LABEL)));
        });
    }
}
