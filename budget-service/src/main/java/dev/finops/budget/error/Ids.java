package dev.finops.budget.error;

import dev.finops.http.problem.ProblemException;
import java.util.UUID;

/** Path and query ids: a malformed one is a 404 of that resource, not a 500. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String value, java.util.function.Function<String, ProblemException> notFound) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound.apply(value);
        }
    }

    public static boolean isUniqueViolation(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState());
    }
}
