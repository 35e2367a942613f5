package dev.finops.anomaly.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** budget-service's alert hand-over; 200 (duplicate) and 202 (accepted) both mean taken, anything else a retry. */
@Path("/api/v1/alerts")
@RegisterRestClient(configKey = "budget")
public interface BudgetAlertClient {

    /** Sends the outbox's JSON body as stored (the README documents its fields); a String would go as a JSON string. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(10_000)
    Uni<Response> submit(JsonNode alert, @HeaderParam("Authorization") String authorization);
}
