package dev.finops.cache.embedding;

import dev.finops.cache.client.EmbeddingsClient;
import dev.finops.cache.client.EmbeddingsClient.Item;
import dev.finops.cache.client.EmbeddingsClient.Usage;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Optional;

/**
 * Embeddings from an OpenAI-compatible endpoint (production option; the native build uses it). The endpoint's model
 * must produce (or shorten to) {@link #dimension()} values; anything else is refused, never stored or compared.
 * An unreachable endpoint is a 503, a wrong answer (status, shape, dimension) a 502: both name what to fix.
 */
public class RemoteEmbedder implements Embedder {

    private final EmbeddingsClient client;
    private final String model;
    private final int dimension;
    private final boolean sendDimensions;
    private final String authorization;

    public RemoteEmbedder(EmbeddingsClient client, String model, int dimension, boolean sendDimensions,
                          Optional<String> apiKey) {
        this.client = client;
        this.model = model;
        this.dimension = dimension;
        this.sendDimensions = sendDimensions;
        this.authorization = apiKey.map(k -> "Bearer " + k).orElse(null);
    }

    /** Vectors of another model or length never meet these: the name carries both. */
    @Override
    public String modelName() {
        return "remote:" + model + ":" + dimension + "d";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Embedding embed(String text) {
        EmbeddingsClient.Response answer;
        try {
            answer = client.embed(new EmbeddingsClient.Request(model, List.of(text), sendDimensions ? dimension : null),
                    authorization);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String hint = status == 401 || status == 403 ? " (check finops.cache.embedding.remote.api-key)" : "";
            throw badGateway("the embeddings endpoint answered HTTP " + status + hint, "status");
        } catch (ProcessingException e) {
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "the embeddings endpoint cannot be reached ("
                    + rootMessage(e) + "); check quarkus.rest-client.embeddings.url and try again");
        }
        float[] vector = answer == null || answer.data() == null || answer.data().isEmpty() ? null
                : answer.data().stream().map(Item::embedding).findFirst().orElse(null);
        if (vector == null) {
            throw badGateway("the embeddings endpoint answered without data[0].embedding", "data[0].embedding");
        }
        if (vector.length != dimension) {
            throw badGateway("the embeddings endpoint answered a " + vector.length + "-dimensional vector for model "
                    + model + "; the cache stores " + dimension + " (choose a model that produces or shortens to "
                    + dimension + ", finops.cache.embedding.remote.model)", "data[0].embedding");
        }
        return new Embedding(vector, tokens(answer.usage()));
    }

    private static int tokens(Usage usage) {
        if (usage == null) {
            return 0;
        }
        Integer tokens = usage.promptTokens() != null ? usage.promptTokens() : usage.totalTokens();
        return tokens == null ? 0 : tokens;
    }

    private static ProblemException badGateway(String detail, String field) {
        return new ProblemException(Status.BAD_GATEWAY, detail, List.of(new FieldError(field, detail)));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
