package dev.finops.cache;

/** Teams as the tables key them ({@code COALESCE(team_id, '')}): the org's own rows are the tenant {@code ""}. */
public final class Tenants {

    private Tenants() {
    }

    public static String of(String team) {
        return team == null ? "" : team;
    }

    public static String team(String tenant) {
        return tenant == null || tenant.isEmpty() ? null : tenant;
    }
}
