package dev.finops.e2e;

/** What a cell of the matrix expects: a class of status, and for team B's reads that nothing of team A shows. */
enum Outcome {
    /** 2xx. */
    ok("2xx"),
    /** 2xx, and the answer does not mention team A (its id is in every object of A the set-up made). */
    okWithoutA("2xx-A"),
    /** Authorization passed: neither 401 nor 403, and no 5xx (a 400/404/409 of the request itself is fine). */
    authorized("!40x"),
    forbidden("403"),
    notFound("404"),
    unauthenticated("401");

    /** In the table. */
    final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** {@code leak}: what must not be in an {@link #okWithoutA} answer (team A's id, or a case's own marker). */
    boolean matches(Http.Response r, String leak) {
        int s = r.status();
        return switch (this) {
            case ok -> s / 100 == 2;
            case okWithoutA -> s / 100 == 2 && !r.body().contains(leak);
            case authorized -> s != 401 && s != 403 && s < 500;
            case forbidden -> s == 403;
            case notFound -> s == 404;
            case unauthenticated -> s == 401;
        };
    }
}
