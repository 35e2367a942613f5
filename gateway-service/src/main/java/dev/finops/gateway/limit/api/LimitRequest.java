package dev.finops.gateway.limit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.gateway.limit.app.LimitSpec;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code PUT /api/v1/gateway/limits/{scope}/{id}}: {@code {requestsPerMinute, tokensPerMinute}}. Read
 * strictly so that a typo ("requestPerMinute") is a 400 naming the field, not a limit silently left unset.
 */
final class LimitRequest {

    private static final Set<String> FIELDS = Set.of("requestsPerMinute", "tokensPerMinute");

    private LimitRequest() {
    }

    static LimitSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "send a JSON object {requestsPerMinute, tokensPerMinute}");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a field of a rate limit (requestsPerMinute, tokensPerMinute)"));
            }
        }
        Long requests = count(body, "requestsPerMinute", errors);
        Long tokens = count(body, "tokensPerMinute", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        return new LimitSpec(requests, tokens);
    }

    private static Long count(JsonNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number greater than 0, or null for no limit"));
            return null;
        }
        return v.longValue();
    }
}
