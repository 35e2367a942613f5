package dev.finops.http.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** A domain error that answers the caller with a problem document; services subclass or throw it directly. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ProblemException(Response.Status status, String detail) {
        this(Problem.of(status, detail));
    }

    public ProblemException(Response.Status status, String detail, List<FieldError> errors) {
        this(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail, errors));
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Response.Status.BAD_REQUEST, field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    public Problem problem() {
        return problem;
    }
}
