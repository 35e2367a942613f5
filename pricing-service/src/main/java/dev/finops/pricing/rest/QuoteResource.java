package dev.finops.pricing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.service.QuoteService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finops/quote")
@Tag(name = "quotes", description = "What a usage costs, itemised")
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {

    private final QuoteService quotes;

    public QuoteResource(QuoteService quotes) {
        this.quotes = quotes;
    }

    @POST
    @RolesAllowed({Role.READER, Role.INGEST})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The itemised cost of a usage (or, for a JSON array, of each usage)",
            description = "Body: {model, inputTokens, cachedInputTokens, cacheWriteInputTokens, outputTokens, "
                    + "reasoningTokens} or {model, usage: <OpenAI or Anthropic usage object>}. Priced with the rate "
                    + "in effect now, or at 'at'. An unknown model is a 422, never a cost of 0.")
    public Object quote(JsonNode body, @QueryParam("at") String at) {
        Instant when = QueryParams.instantOrNow("at", at);
        if (body == null) {
            throw ProblemException.badRequest("body", "send {\"model\": ..., \"inputTokens\": ..., \"outputTokens\": ...}");
        }
        if (body.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            body.forEach(items::add);
            return quotes.quoteAll(items, when, true);
        }
        return quotes.quote(body, when);
    }
}
