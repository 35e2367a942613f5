package dev.finops.cache.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST <base-url>/embeddings}, base URL ending in {@code /v1}).
 * Timeouts: {@code quarkus.rest-client.embeddings.connect-timeout|read-timeout}.
 */
@Path("/embeddings")
@RegisterRestClient(configKey = "embeddings")
public interface EmbeddingsClient {

    /** {@code dimensions} is sent only when configured (OpenAI's v3 models shorten their vectors to it). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, List<String> input, Integer dimensions) {
    }

    record Response(List<Item> data, Usage usage) {
    }

    record Item(Integer index, float[] embedding) {
    }

    record Usage(@JsonProperty("prompt_tokens") Integer promptTokens,
                 @JsonProperty("total_tokens") Integer totalTokens) {
    }

    /** Blocking: the embedder runs on a worker thread. */
    @POST
    Response embed(Request request, @HeaderParam("Authorization") String authorization);
}
