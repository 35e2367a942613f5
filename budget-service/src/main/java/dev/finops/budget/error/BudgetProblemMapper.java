package dev.finops.budget.error;

import dev.finops.http.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** budget-service's own problem responses; everything else goes through finops-http's ProblemMappers. */
public class BudgetProblemMapper {

    @ServerExceptionMapper
    public Response exhausted(BudgetExhaustedException e) {
        return Response.status(429).type(Problem.MEDIA_TYPE).entity(e.body())
                .header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }
}
