package dev.finops.gateway.error;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The admin API's answer to a GatewayException: an RFC 9457 problem naming the field (the proxy has its own shapes). */
public class GatewayProblemMapper {

    @ServerExceptionMapper
    public Response problem(GatewayException e) {
        int status = status(e.kind());
        List<FieldError> errors = e.param() == null ? List.of() : List.of(new FieldError(e.param(), e.getMessage(), null));
        Response.ResponseBuilder answer = Response.fromResponse(
                Problem.of(status, title(status), e.getMessage(), errors).toResponse());
        if (e.retryAfterSeconds() > 0) {
            answer.header("Retry-After", e.retryAfterSeconds());
        }
        return answer.build();
    }

    /** The HTTP status of each kind, shared by the admin API and the proxy. */
    public static int status(GatewayException.Kind kind) {
        return switch (kind) {
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
    }

    private static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s == null ? "Error" : s.getReasonPhrase();
    }
}
