package dev.finops.feed;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ingest-service's usage feed (docs/decisions/0002), called with this service's own key. */
@Path("/api/v1/usage/feed")
@RegisterRestClient(configKey = "ingest")
public interface UsageFeedClient {

    @GET
    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200)
    Uni<FeedPage> read(@QueryParam("after") String after, @QueryParam("limit") int limit,
                       @HeaderParam("Authorization") String authorization);
}
