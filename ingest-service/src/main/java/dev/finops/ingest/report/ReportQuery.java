package dev.finops.ingest.report;

import dev.finops.http.auth.TeamScope;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** A half-open, hour-aligned time range of the rollups and the dimension values to keep. */
public record ReportQuery(Instant from, Instant to, Map<Dimension, String> filters) {

    public ReportQuery between(Instant newFrom, Instant newTo) {
        return new ReportQuery(newFrom, newTo, filters);
    }

    /** This query as the caller may ask it: a team key's reports keep only its team (another teamId is 403). */
    public ReportQuery within(TeamScope scope) {
        return new ReportQuery(from, to, within(filters, scope));
    }

    /** The filters with the team the caller acts for ({@link TeamScope#resolve}); null keeps every team. */
    public static Map<Dimension, String> within(Map<Dimension, String> filters, TeamScope scope) {
        Map<Dimension, String> scoped = filters.isEmpty() ? new EnumMap<>(Dimension.class) : new EnumMap<>(filters);
        String team = scope.resolve(Dimension.team.filterParam, filters.get(Dimension.team));
        if (team == null) {
            scoped.remove(Dimension.team);
        } else {
            scoped.put(Dimension.team, team);
        }
        return scoped;
    }
}
