package dev.finops.gateway.limit.api;

import dev.finops.gateway.error.GatewayException;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The admin API's problem for a GatewayException (the proxy answers the same kinds in the provider's shape). */
final class AdminProblems {

    private AdminProblems() {
    }

    static Throwable of(Throwable e) {
        if (!(e instanceof GatewayException g)) {
            return e;
        }
        int status = switch (g.kind()) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA -> 415;
            case REFUSED, RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
        };
        Response.Status s = Response.Status.fromStatusCode(status);
        String detail = g.param() == null ? g.getMessage() : g.param() + ": " + g.getMessage();
        List<FieldError> errors = g.param() == null ? List.of() : List.of(new FieldError(g.param(), g.getMessage()));
        return new ProblemException(Problem.of(status, s == null ? "Error" : s.getReasonPhrase(), detail, errors));
    }
}
