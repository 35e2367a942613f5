package dev.finops.budget.error;

import dev.finops.http.problem.ProblemException;
import java.util.UUID;

/** A check refused because its run has used its budget's per-run token ceiling; the run does not reset. */
public class RunCeilingException extends ProblemException {

    public RunCeilingException(UUID budgetId, String budgetName, String runId, long used, long ceiling) {
        super(dev.finops.http.problem.Problem.of(429, "Too Many Requests",
                ("Run '%s' has used %d tokens; budget '%s' (%s) allows %d per run, so its further calls are refused."
                        + " Start a new run or raise maxTokensPerRun.").formatted(runId, used, budgetName, budgetId, ceiling),
                java.util.List.of(new dev.finops.http.problem.FieldError("runId", "over the per-run token ceiling"))));
    }
}
