package dev.finops.pricing.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.service.PriceMapImport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/finops/valuation-rates:import} (a custom method, Google API style). Routing compares the
 * raw path, so clients that percent-encode the colon (REST Assured does by default) send
 * {@code valuation-rates%3Aimport}: that spelling is mapped too (PriceMapImportTest covers both).
 */
@Path("/api/v1/finops")
@Tag(name = "valuation-rates")
@Produces(MediaType.APPLICATION_JSON)
public class PriceMapImportResource {

    /** Exact decimals for price maps: a float never stands in for money. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final PriceMapImport priceMap;
    private final SecurityIdentity identity;

    public PriceMapImportResource(PriceMapImport priceMap, SecurityIdentity identity) {
        this.priceMap = priceMap;
        this.identity = identity;
    }

    @POST
    @Path("/valuation-rates%3Aimport")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<PriceMapImport.Report> importPriceMapEncoded(String body, @QueryParam("dryRun") String dryRun,
                                                            @QueryParam("effectiveFrom") String effectiveFrom,
                                                            @QueryParam("providers") String providers) {
        return importPriceMap(body, dryRun, effectiveFrom, providers);
    }

    @POST
    @Path("/valuation-rates:import")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import LiteLLM's price map (model_prices_and_context_window.json)",
            description = "Per-token prices become per-1K rates. Models whose prices differ from their current rate "
                    + "get a new version (source 'import'); the report lists what was added, changed, unchanged and "
                    + "skipped, with reasons. dryRun=true reports without storing. providers=openai,anthropic limits "
                    + "the import to those litellm_provider values; effectiveFrom defaults to now.")
    public Uni<PriceMapImport.Report> importPriceMap(String body, @QueryParam("dryRun") String dryRun,
                                                     @QueryParam("effectiveFrom") String effectiveFrom,
                                                     @QueryParam("providers") String providers) {
        boolean dry = QueryParams.bool("dryRun", dryRun);
        Instant from = QueryParams.instantOrNow("effectiveFrom", effectiveFrom);
        return priceMap.run(parse(body), dry, from, providerSet(providers), Actor.of(identity));
    }

    private static JsonNode parse(String body) {
        try {
            return EXACT.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Set<String> providerSet(String providers) {
        if (providers == null || providers.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(providers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
