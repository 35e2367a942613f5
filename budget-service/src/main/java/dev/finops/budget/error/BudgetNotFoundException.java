package dev.finops.budget.error;

import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;

public class BudgetNotFoundException extends ProblemException {

    public BudgetNotFoundException(Object id) {
        super(Response.Status.NOT_FOUND, "No budget with id " + id + "; list them with GET /api/v1/budgets.");
    }
}
