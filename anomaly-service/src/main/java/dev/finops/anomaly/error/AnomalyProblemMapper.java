package dev.finops.anomaly.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** anomaly-service's own problem responses; everything else goes through finops-http's ProblemMappers. */
public class AnomalyProblemMapper {

    /** A value of the wrong type (e.g. "lots" for baselineUsdPerHour): Quarkus' built-in mapper would answer without a problem. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = path(e);
        String detail = field.isEmpty() ? "The body has the wrong shape: " + e.getOriginalMessage()
                : field + ": has the wrong type or format";
        return Problem.of(400, "Bad Request", detail, field.isEmpty() ? List.of() : List.of(new FieldError(field, detail)))
                .toResponse();
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
}
