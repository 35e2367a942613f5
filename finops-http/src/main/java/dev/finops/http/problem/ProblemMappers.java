package dev.finops.http.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.finops.http.auth.KeyServiceUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns exceptions into RFC 9457 responses; no stack traces or class names leak. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return withChallenge(Problem.of(Response.Status.UNAUTHORIZED,
                "This endpoint needs an API key: send 'Authorization: Bearer <key>'."));
    }

    @ServerExceptionMapper
    public Response badKey(AuthenticationFailedException e) {
        return withChallenge(Problem.of(Response.Status.UNAUTHORIZED,
                "The API key is unknown or revoked: ask an admin for a valid key."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN,
                "This API key's role may not call this endpoint.").toResponse();
    }

    @ServerExceptionMapper
    public Response keyServiceDown(KeyServiceUnavailableException e) {
        Log.warnf("API key could not be checked: %s", e.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, e.detail()).toResponse())
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : null;
        String detail = field == null || field.isEmpty()
                ? "The body is not valid JSON: " + e.getOriginalMessage()
                : field + ": has the wrong type or format";
        List<FieldError> errors = field == null || field.isEmpty() ? List.of() : List.of(new FieldError(field, detail));
        return Problem.of(400, "Bad Request", detail, errors).toResponse();
    }

    /** A body of the wrong shape ("abc" for a number, an array for an object); Quarkus's own mapper would answer plain JSON. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return invalidJson(e);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        return problemOf(e).toResponse();
    }

    /** Bean Validation failures as the 400 problem naming each field (also used outside HTTP, e.g. for resources). */
    public static Problem problemOf(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .collect(Collectors.toList());
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return Problem.of(400, "Bad Request", detail, errors);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return invalidJson(json);
        }
        Response r = e.getResponse();
        if (r.getStatus() >= 500) {
            Log.error("request failed", e);
        }
        Response.StatusType status = r.getStatusInfo();
        String detail = switch (r.getStatus()) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "This endpoint answers application/json.";
            case 415 -> "Send the body as application/json.";
            default -> e.getMessage();
        };
        return Problem.of(r.getStatus(), status.getReasonPhrase(), detail, List.of()).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        Log.error("unexpected error", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "Unexpected error; it has been logged.").toResponse();
    }

    private static Response withChallenge(Problem problem) {
        return Response.fromResponse(problem.toResponse()).header("WWW-Authenticate", "Bearer").build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
