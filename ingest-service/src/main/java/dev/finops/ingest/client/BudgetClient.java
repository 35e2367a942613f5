package dev.finops.ingest.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** budget-service's budget list, the few fields chargeback needs. */
@Path("/api/v1/budgets")
@RegisterRestClient(configKey = "budget")
public interface BudgetClient {

    /** A budget; {@code scope} maps dimensions (team, agent, …) to values, empty for the whole org. */
    record Budget(String id, String name, Map<String, String> scope, String period, BigDecimal amountUsd,
                  Boolean enabled) {
    }

    @GET
    @Timeout(2000)
    Uni<List<Budget>> list(@HeaderParam("Authorization") String serviceAuthorization);
}
