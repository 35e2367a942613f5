package dev.finops.pricing.error;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import java.util.List;

/** No rate is known for a model name (after alias resolution): it is reported as unknown, never priced at 0. */
public class UnknownModelException extends ProblemException {

    public UnknownModelException(int status, String field, String model, String what) {
        super(Problem.of(status, status == 404 ? "Not Found" : "Unprocessable Content",
                field + ": unknown model '" + model + "': " + what,
                List.of(new FieldError(field, "unknown model '" + model + "'"))));
    }

    /** A lookup by path: 404. */
    public static UnknownModelException lookup(String model, String what) {
        return new UnknownModelException(404, "modelId", model, what);
    }

    /** A model named in a request body: 422, naming the field. */
    public static UnknownModelException inBody(String field, String model, String what) {
        return new UnknownModelException(422, field, model, what);
    }
}
