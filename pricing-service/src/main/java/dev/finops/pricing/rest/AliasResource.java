package dev.finops.pricing.rest;

import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import dev.finops.pricing.ModelAlias;
import dev.finops.pricing.service.AliasService;
import dev.finops.pricing.service.RateBook;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finops/model-aliases")
@Tag(name = "model-aliases", description = "Names models are reported under, and the model they mean")
@Produces(MediaType.APPLICATION_JSON)
public class AliasResource {

    private final AliasService aliases;
    private final RateBook book;
    private final SecurityIdentity identity;

    public AliasResource(AliasService aliases, RateBook book, SecurityIdentity identity) {
        this.aliases = aliases;
        this.book = book;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(summary = "The alias table: [{alias, modelId}] (supports ETag/If-None-Match)",
            description = "Besides these, names resolve without a provider prefix (openai/gpt-4o) and without a date "
                    + "suffix (gpt-4o-2024-08-06, claude-sonnet-4@20250514).")
    public Response list(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return ETags.ok(book.aliases(), "aliases-" + book.aliasRevision(), ifNoneMatch);
    }

    @PUT
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add or re-point aliases: [{alias, modelId}]; each modelId must have rates. Answers the table.")
    public Uni<List<ModelAlias>> put(List<ModelAlias> changes) {
        return aliases.put(changes, Actor.of(identity));
    }

    @DELETE
    @Path("/{alias}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Remove an alias")
    public Uni<Response> delete(@PathParam("alias") String alias) {
        return aliases.delete(alias, Actor.of(identity)).map(v -> Response.noContent().build());
    }
}
