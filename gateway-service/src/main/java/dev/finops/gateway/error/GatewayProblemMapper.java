package dev.finops.gateway.error;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The admin API's answer to a GatewayException: an RFC 9457 problem naming the field (the proxy has its own shapes). */
public class GatewayProblemMapper {

    @ServerExceptionMapper
    public Response problem(GatewayException e) {
        Response.ResponseBuilder answer = Response.fromResponse(GatewayProblems.problem(e).toResponse());
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
}
