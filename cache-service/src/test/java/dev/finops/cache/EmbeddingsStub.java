package dev.finops.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST /v1/embeddings}) with fixed answers per input, and the
 * cache-service configured to use it ({@code finops.cache.embedding.provider=remote}). Vectors are built so the
 * cosine similarities are known: {@link #STORED} = e0, {@link #PARAPHRASE} = (e0 + 0.2 e1)/|…| (cosine 0.9806 with
 * e0), {@link #UNRELATED} = e1 (cosine 0 with e0); {@link #WRONG_DIMENSION} answers 1,536 values and
 * {@link #DROPPED} drops the connection. Each embedding reports {@link #TOKENS} prompt tokens.
 */
public class EmbeddingsStub implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "emb-test-key";
    public static final int TOKENS = 7;
    public static final String STORED = "How do I rotate my API key?";
    public static final String PARAPHRASE = "How can I rotate the API key?";
    public static final String UNRELATED = "Which regions is the service available in?";
    public static final String WRONG_DIMENSION = "A text the endpoint embeds with the wrong model";
    public static final String DROPPED = "A text the endpoint never answers";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        float[] e0 = basis(384, 0, 1f, 0f);
        float[] paraphrase = basis(384, 0, (float) (1 / Math.sqrt(1.04)), (float) (0.2 / Math.sqrt(1.04)));
        float[] e1 = basis(384, 0, 0f, 1f);
        answer(STORED, e0);
        answer(PARAPHRASE, paraphrase);
        answer(UNRELATED, e1);
        answer(WRONG_DIMENSION, basis(1536, 0, 1f, 0f));
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .withRequestBody(matchingJsonPath("$.input[0]", equalTo(DROPPED)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(post(urlEqualTo("/v1/embeddings")).atPriority(10)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unexpected input\"}")));
        return Map.of("finops.cache.embedding.provider", "remote",
                "finops.cache.embedding.remote.api-key", API_KEY,
                "finops.cache.embedding.remote.model", PricingStub.EMBEDDING_MODEL,
                "quarkus.rest-client.embeddings.url", server.baseUrl() + "/v1");
    }

    /** Answers this input only for the configured key, model and dimension request, as OpenAI does. */
    private void answer(String input, float[] vector) {
        String values = Arrays.stream(box(vector)).map(String::valueOf).collect(Collectors.joining(","));
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withRequestBody(matchingJsonPath("$.input[0]", equalTo(input)))
                .withRequestBody(matchingJsonPath("$.model", equalTo(PricingStub.EMBEDDING_MODEL)))
                .withRequestBody(matchingJsonPath("$.dimensions", equalTo("384")))
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":["
                        + values + "]}],\"model\":\"" + PricingStub.EMBEDDING_MODEL + "\",\"usage\":{\"prompt_tokens\":"
                        + TOKENS + ",\"total_tokens\":" + TOKENS + "}}")));
    }

    /** A vector of {@code n} values: {@code a} at index {@code i}, {@code b} at {@code i + 1}, zeros elsewhere. */
    private static float[] basis(int n, int i, float a, float b) {
        float[] v = new float[n];
        v[i] = a;
        v[i + 1] = b;
        return v;
    }

    private static Float[] box(float[] v) {
        Float[] boxed = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            boxed[i] = v[i];
        }
        return boxed;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
