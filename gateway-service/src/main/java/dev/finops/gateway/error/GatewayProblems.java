package dev.finops.gateway.error;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A GatewayException as an RFC 9457 problem: for the admin API, and for a resource's status. */
public final class GatewayProblems {

    private GatewayProblems() {
    }

    /** The problem naming the field, with the status of the exception's kind. */
    public static Problem problem(GatewayException e) {
        int status = GatewayProblemMapper.status(e.kind());
        Response.Status s = Response.Status.fromStatusCode(status);
        List<FieldError> errors = e.param() == null ? List.of() : List.of(new FieldError(e.param(), e.getMessage()));
        String detail = e.param() == null ? e.getMessage() : e.param() + ": " + e.getMessage();
        return Problem.of(status, s == null ? "Error" : s.getReasonPhrase(), detail, errors);
    }

    /**
     * What finops-kubernetes writes into a resource's status (Invalid, with the reason its status maps to).
     * UNAVAILABLE stays as it is: the reconcile is retried with backoff instead.
     */
    public static RuntimeException forResource(GatewayException e) {
        if (e.kind() == GatewayException.Kind.UNAVAILABLE) {
            return e;
        }
        return new ProblemException(problem(e));
    }
}
