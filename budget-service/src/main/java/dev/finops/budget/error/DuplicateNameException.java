package dev.finops.budget.error;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;

public class DuplicateNameException extends ProblemException {

    public DuplicateNameException(String what, String name) {
        super(Response.Status.CONFLICT, "A " + what + " named '" + name + "' exists already; choose another name.",
                List.of(new FieldError("name", "is taken")));
    }
}
