package dev.finops.gateway.error;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * A GatewayException as the problem finops-kubernetes writes into a resource's status (Invalid, with the reason
 * its status code maps to). UNAVAILABLE stays as it is: the reconcile is retried with backoff instead.
 */
public final class GatewayProblems {

    private GatewayProblems() {
    }

    public static RuntimeException forResource(GatewayException e) {
        if (e.kind() == GatewayException.Kind.UNAVAILABLE) {
            return e;
        }
        int status = GatewayProblemMapper.status(e.kind());
        Response.Status s = Response.Status.fromStatusCode(status);
        String detail = e.param() == null ? e.getMessage() : e.param() + ": " + e.getMessage();
        List<FieldError> errors = e.param() == null ? List.of() : List.of(new FieldError(e.param(), e.getMessage()));
        return new ProblemException(Problem.of(status, s == null ? "Error" : s.getReasonPhrase(), detail, errors));
    }
}
