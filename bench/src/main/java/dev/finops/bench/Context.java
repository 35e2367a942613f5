package dev.finops.bench;

import dev.finops.bench.report.Results;
import dev.finops.bench.suite.Api;
import dev.finops.bench.suite.Db;
import dev.finops.bench.suite.Suite;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** What every measurement needs: the plan, the running suite, its database, and where results go. */
public record Context(Plan plan, Suite suite, Api api, Db db, Results results, Path workDir, String runId) {

    public String adminKey() throws IOException {
        return suite.adminKey();
    }

    /** A fresh API key (its secret) with this role, for one team when the role is ingest. */
    /** A key of the role for the team; without a team, an org-scoped key (decision 0019). */
    public String newKey(String role, String team) throws IOException {
        Map<String, String> body = team == null
                ? Map.of("name", "bench-" + role + "-" + runId, "role", role, "scope", "org")
                : Map.of("name", "bench-" + team + "-" + runId, "role", role, "teamId", team);
        return api.post(suite.url("ingest", "/api/v1/keys"), adminKey(), body).get("key").asText();
    }

    public URI url(String service, String path) {
        return suite.url(service, path);
    }
}
