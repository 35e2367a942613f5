package dev.finops.cache.rest;

import dev.finops.cache.CacheEntry;
import dev.finops.cache.CacheKey;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.repository.EntryRepository;
import dev.finops.cache.service.CacheService;
import dev.finops.cache.service.Prompts;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.FieldError;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cache/entries")
@Tag(name = "cache", description = "Semantic cache")
@Produces(MediaType.APPLICATION_JSON)
public class EntryResource {

    private static final BigDecimal MAX_TTL_HOURS = BigDecimal.valueOf(24 * 366);

    private final CacheService cache;
    private final EntryRepository entries;
    private final CacheConfig config;
    private final SecurityIdentity identity;

    public EntryResource(CacheService cache, EntryRepository entries, CacheConfig config, SecurityIdentity identity) {
        this.cache = cache;
        this.entries = entries;
        this.config = config;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.INGEST, Role.SERVICE, Role.ADMIN})
    public Uni<Response> store(StoreRequest r) {
        if (r == null) {
            throw ProblemException.badRequest("body", "send {namespace, model, prompt | messages, response, inputTokens, outputTokens}");
        }
        if (r.response() == null || r.response().isEmpty()) {
            throw ProblemException.badRequest("response", "required: the response to serve on a hit");
        }
        if (r.response().length() > config.maxResponseChars()) {
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "response: at most "
                    + config.maxResponseChars() + " characters are cached",
                    List.of(new FieldError("response", "at most " + config.maxResponseChars() + " characters")));
        }
        tokens("inputTokens", r.inputTokens());
        tokens("outputTokens", r.outputTokens());
        if (r.ttlHours() != null && (r.ttlHours().signum() <= 0 || r.ttlHours().compareTo(MAX_TTL_HOURS) > 0)) {
            throw ProblemException.badRequest("ttlHours", "must be > 0 and at most " + MAX_TTL_HOURS + " (fractions allowed)");
        }
        String team = TeamScope.of(identity).resolve("teamId", r.teamId());
        CacheKey key = Prompts.key(r.namespace(), r.model(), r.prompt(), r.messages(), r.parameters(), r.tools(),
                config.maxPromptChars()).inTeam(team);
        return cache.store(key, r.response(), r.inputTokens(), r.outputTokens(), r.ttlHours())
                .map(entry -> entry == null
                        ? Response.ok(Map.of("stored", false, "reason", "caching is disabled for namespace " + r.namespace())).build()
                        : Response.status(Response.Status.CREATED).entity(entry).build());
    }

    /** Deletes one entry of the caller's team (an org key: anyone's); another team's entry is a 404. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed({Role.ADMIN, Role.INGEST, Role.SERVICE})
    public Uni<Response> delete(@PathParam("id") String id) {
        String tenant = TeamScope.of(identity).team().orElse(null);
        return entries.delete(uuid(id), tenant).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(Response.Status.NOT_FOUND, "No cache entry " + id + ".");
            }
            return Response.noContent().build();
        });
    }

    /**
     * Invalidates the caller's team's entries of a namespace (or of one model in it): another team's entries of the
     * same namespace string are never touched (a team that has none there gets deleted: 0). An org key names the team
     * with teamId, or, without it, invalidates the namespace of every team and of the org.
     */
    @DELETE
    @RolesAllowed({Role.ADMIN, Role.INGEST, Role.SERVICE})
    public Uni<Map<String, Object>> invalidate(@QueryParam("namespace") String namespace, @QueryParam("model") String model,
                                               @QueryParam("teamId") String teamId) {
        Prompts.requireNamespace(namespace);
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        return entries.invalidate(namespace, blankToNull(model), team).map(n -> team == null
                ? Map.of("namespace", namespace, "deleted", n)
                : Map.of("namespace", namespace, "teamId", team, "deleted", n));
    }

    /** A team key lists its team's entries; an org key every team's, or one team's with teamId. */
    @GET
    @RolesAllowed({Role.ADMIN, Role.READER})
    public Uni<Map<String, Object>> list(@QueryParam("namespace") String namespace, @QueryParam("model") String model,
                                         @QueryParam("teamId") String teamId,
                                         @QueryParam("limit") @DefaultValue("50") String limit,
                                         @QueryParam("offset") @DefaultValue("0") String offset) {
        Prompts.requireNamespace(namespace);
        int l = intParam("limit", limit, 1, 500);
        int o = intParam("offset", offset, 0, Integer.MAX_VALUE);
        String m = blankToNull(model);
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        return Uni.combine().all().unis(entries.page(namespace, m, team, l, o), entries.count(namespace, m, team))
                .asTuple()
                .map(t -> Map.of("namespace", namespace, "limit", l, "offset", o, "total", t.getItem2(),
                        "items", (List<CacheEntry>) t.getItem1()));
    }

    private static void tokens(String field, Long value) {
        if (value == null || value < 0) {
            throw ProblemException.badRequest(field, "required, a whole number >= 0 (values the hits of this entry)");
        }
    }

    static int intParam(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name, "a whole number from " + min + " to " + max);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("id", "not an entry id (a UUID)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
