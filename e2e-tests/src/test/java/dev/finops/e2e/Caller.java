package dev.finops.e2e;

/** The kinds of key the authorization matrix calls every endpoint with (the columns of the table). */
enum Caller {
    admin("admin"), orgReader("orgRd"), aReader("A-rd"), aIngest("A-ing"), aTeamAdmin("A-tadm"),
    bReader("B-rd"), bIngest("B-ing"), bTeamAdmin("B-tadm"), noKey("none"), revoked("revkd");

    /** The column heading. */
    final String column;

    Caller(String column) {
        this.column = column;
    }

    /** A key of team B, the team that must learn nothing of team A. */
    boolean ofTeamB() {
        return this == bReader || this == bIngest || this == bTeamAdmin;
    }

    /** A valid key (not missing, not revoked). */
    boolean authenticates() {
        return this != noKey && this != revoked;
    }
}
