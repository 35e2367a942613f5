package dev.finops.pricing.error;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the 400 problem for a list of field errors: every error named, nothing applied. */
public final class Problems {

    private Problems() {
    }

    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return new ProblemException(Response.Status.BAD_REQUEST, detail + ". Nothing was changed.", errors);
    }
}
