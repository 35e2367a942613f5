package dev.finops.cache.rest;

import dev.finops.cache.CacheKey;
import dev.finops.cache.LookupAnswer;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.service.CacheService;
import dev.finops.cache.service.Prompts;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cache/lookup")
@Tag(name = "cache", description = "Semantic cache")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LookupResource {

    private final CacheService cache;
    private final CacheConfig config;
    private final SecurityIdentity identity;

    public LookupResource(CacheService cache, CacheConfig config, SecurityIdentity identity) {
        this.cache = cache;
        this.config = config;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Role.INGEST, Role.SERVICE, Role.ADMIN})
    @Operation(summary = "A cached response for this prompt, if one of the same team, namespace, model and scope is "
            + "close enough", description = "Entries of another team answer only in a namespace it shares with the "
            + "caller's team, and the answer names it in sharedFrom. teamId: a team key's own (another: 403); an org "
            + "key names the team, or omits it for the org's own entries.")
    public Uni<LookupAnswer> lookup(LookupRequest r) {
        if (r == null) {
            throw ProblemException.badRequest("body", "send {namespace, model, prompt | messages}");
        }
        if (r.threshold() != null && (r.threshold().signum() <= 0 || r.threshold().compareTo(BigDecimal.ONE) > 0)) {
            throw ProblemException.badRequest("threshold", "a cosine similarity in (0, 1]");
        }
        String team = TeamScope.of(identity).resolve("teamId", r.teamId());
        CacheKey key = Prompts.key(r.namespace(), r.model(), r.prompt(), r.messages(), r.parameters(), r.tools(),
                config.maxPromptChars()).inTeam(team);
        return cache.lookup(key, r.threshold());
    }
}
