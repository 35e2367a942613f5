package dev.finops.budget.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.budget.ChannelScope;
import dev.finops.budget.rest.ChannelRequest;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who owns a channel and what it subscribes to, as the caller may write it: a team key's channel is its team's and
 * subscribes within it only (403 naming the key's team otherwise); an org key (admin) may give any channel any scopes.
 */
record ChannelOwnership(String teamId, List<ChannelScope> scopes) {

    private static final int MAX_TEXT = 200;

    static ChannelOwnership of(ChannelRequest r, TeamScope caller) {
        String team = caller.resolve("teamId", blankToNull(r.teamId()));
        if (team != null && team.length() > MAX_TEXT) {
            throw ProblemException.badRequest("teamId", "at most " + MAX_TEXT + " characters");
        }
        return new ChannelOwnership(team, scopes(r.scopes(), caller));
    }

    private static List<ChannelScope> scopes(List<JsonNode> nodes, TeamScope caller) {
        if (nodes == null || nodes.isEmpty()) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> teams = new LinkedHashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String field = "scopes[" + i + "]";
            if (n == null || !n.isObject() || n.size() != 1 || !n.has("team")) {
                errors.add(new FieldError(field, "must be an object naming one team, e.g. {\"team\":\"search\"}", i));
            } else if (!n.get("team").isTextual() || n.get("team").asText().isBlank()
                    || n.get("team").asText().length() > MAX_TEXT) {
                errors.add(new FieldError(field + ".team", "must be a team id (1 to " + MAX_TEXT + " characters)", i));
            } else {
                teams.add(caller.resolve(field + ".team", n.get("team").asText().strip()));
            }
        }
        if (nodes.size() > 100) {
            errors.add(new FieldError("scopes", "at most 100 scopes"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, errors.get(0).field() + ": "
                    + errors.get(0).message(), errors);
        }
        return teams.stream().map(ChannelScope::new).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
