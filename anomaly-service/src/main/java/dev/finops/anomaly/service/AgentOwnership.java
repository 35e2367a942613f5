package dev.finops.anomaly.service;

import dev.finops.anomaly.repository.SubjectTeamRepository;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Which team an agent's baseline or anomaly policy belongs to, and whether a caller may change it. The agent's team
 * is the one the usage feed says it reports for; an agent the feed does not know yet belongs to whoever set it
 * first: the team-admin's (or team namespace's) team, or the org when an admin set it. A shared agent (two teams
 * report for it) is the org's. A team scope may change only its own team's agents.
 */
@ApplicationScoped
public class AgentOwnership {

    /** The object as stored now: whether there is one and its team (null: the org's). */
    public record Current(boolean exists, String teamId) {
        public static final Current NONE = new Current(false, null);
    }

    private final SubjectTeamRepository subjects;

    public AgentOwnership(SubjectTeamRepository subjects) {
        this.subjects = subjects;
    }

    /** The team the object will belong to when {@code caller} sets it; another team's agent is answered 404. */
    public Uni<String> owner(SqlClient tx, TeamScope caller, String agentId, Current current, String what) {
        return subjects.agent(tx, agentId).map(known -> {
            if (caller.orgWide()) {
                return known.map(SubjectTeamRepository.Known::teamId).orElse(current.teamId());
            }
            String team = caller.team().orElseThrow();
            boolean mine = known.isPresent() ? team.equals(known.get().teamId())
                    : !current.exists() || team.equals(current.teamId());
            if (!mine) {
                throw notOfTeam(agentId, team, what);
            }
            return team;
        });
    }

    static ProblemException notOfTeam(String agentId, String team, String what) {
        return new ProblemException(Response.Status.NOT_FOUND, "No " + what + " for agent '" + agentId
                + "' in team '" + team + "': the agent reports usage for another team, or its " + what
                + " belongs to another team or the org.");
    }
}
