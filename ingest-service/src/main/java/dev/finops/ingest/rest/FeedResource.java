package dev.finops.ingest.rest;

import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.repository.FeedCursor;
import dev.finops.ingest.repository.FeedRepository;
import dev.finops.ingest.repository.FeedRepository.FeedEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/usage/feed")
@Tag(name = "feed", description = "Committed events in order, for consumers such as budget and anomaly")
public class FeedResource {

    static final int MAX_LIMIT = 5000;

    /** A page of the feed; pass nextCursor as {@code after} to read on. */
    public record FeedPage(List<FeedEvent> events, String nextCursor, boolean hasMore) {
    }

    private final FeedRepository feed;
    private final SecurityIdentity identity;

    public FeedResource(FeedRepository feed, SecurityIdentity identity) {
        this.feed = feed;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Role.READER, Role.SERVICE})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Committed usage events after a cursor, in a stable order that never skips one",
            description = """
                    Entries of kind 'usage' are reported events; entries of kind 'revaluation' carry a cost correction \
                    (costUsd is the difference, tokens are 0) for an earlier event with the same eventId. Summing \
                    costUsd over all entries gives exact spend. An event appears once its transaction and every \
                    older one have ended, so a consumer that stores nextCursor with what it derived never misses \
                    or repeats an event, whatever the number of writers. A key bound to a team reads its own \
                    team's entries only (another teamId is 403); org keys (admin, service, org readers) read every \
                    team's, or one team's with teamId. The cursor works the same either way.""")
    public Uni<FeedPage> read(@QueryParam("after") String after,
                              @QueryParam("limit") @DefaultValue("500") String limitParam,
                              @QueryParam("teamId") String teamId) {
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        int limit = QueryParams.intBetween("limit", limitParam, 1, MAX_LIMIT);
        FeedCursor cursor;
        try {
            cursor = FeedCursor.parse(after);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("after", e.getMessage());
        }
        return feed.after(cursor, limit, team).map(events -> new FeedPage(events,
                events.isEmpty() ? cursor.encode() : events.get(events.size() - 1).cursor(), events.size() == limit));
    }
}
