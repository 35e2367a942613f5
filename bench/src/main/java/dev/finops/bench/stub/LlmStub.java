package dev.finops.bench.stub;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an OpenAI-compatible provider on loopback, for the gateway benchmark: {@code POST
 * /v1/chat/completions} answers after a fixed delay with a fixed usage, as JSON or (with {@code "stream": true}) as
 * an SSE stream of chat.completion.chunk events, ending with a usage chunk when the request asks for one
 * ({@code stream_options.include_usage}, as OpenAI does) and {@code data: [DONE]}. One event loop: the delay is a
 * timer, so the stub costs little of the CPU the gateway is measured on.
 */
public final class LlmStub implements AutoCloseable {

    /** What every answer reports as usage, whatever the request holds. */
    public record Usage(int promptTokens, int completionTokens) {
    }

    /** The words of every answer; a stream sends one per content chunk. */
    static final String[] WORDS = {"The", " request", " was", " handled", "."};

    private final Vertx vertx;
    private final HttpServer server;
    private final long delayMillis;
    private final Usage usage;
    private final AtomicLong served = new AtomicLong();

    private LlmStub(Vertx vertx, HttpServer server, Duration delay, Usage usage) {
        this.vertx = vertx;
        this.server = server;
        this.delayMillis = delay.toMillis();
        this.usage = usage;
    }

    /** Starts the stub on 127.0.0.1 and a free port. */
    public static LlmStub start(Duration delay, Usage usage) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpNoDelay(true).setIdleTimeout(0));
        LlmStub stub = new LlmStub(vertx, server, delay, usage);
        server.requestHandler(stub::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return stub;
    }

    /** The base URL as the OpenAI SDK takes it: {@code http://127.0.0.1:port/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public int port() {
        return server.actualPort();
    }

    /** Chat completions answered so far. */
    public long served() {
        return served.get();
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/v1/chat/completions") || request.method().name().equals("GET")) {
            request.body().onComplete(ignored -> error(request.response(), 404, "invalid_request_error",
                    "Unknown request URL: " + request.method() + " " + request.path()));
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject json;
            try {
                json = body.toJsonObject();
            } catch (DecodeException | ClassCastException e) {
                error(request.response(), 400, "invalid_request_error", "We could not parse the JSON body");
                return;
            }
            long id = served.incrementAndGet();
            vertx.setTimer(Math.max(1, delayMillis), t -> {
                if (json.getBoolean("stream", false)) {
                    stream(request.response(), json, id);
                } else {
                    request.response().putHeader("Content-Type", "application/json")
                            .end(completion(json.getString("model", "unknown"), id).encode());
                }
            });
        });
    }

    /** The chat.completion object of a JSON answer. */
    JsonObject completion(String model, long id) {
        return new JsonObject().put("id", "chatcmpl-stub-" + id).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model)
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", String.join("", WORDS))
                                .put("refusal", (Object) null))
                        .put("logprobs", (Object) null).put("finish_reason", "stop")))
                .put("usage", usageObject())
                .put("system_fingerprint", "fp_stub");
    }

    private void stream(HttpServerResponse response, JsonObject request, long id) {
        String model = request.getString("model", "unknown");
        JsonObject options = request.getJsonObject("stream_options");
        boolean includeUsage = options != null && options.getBoolean("include_usage", false);
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        StringBuilder events = new StringBuilder();
        events.append(event(chunk(model, id, new JsonObject().put("role", "assistant").put("content", ""), null,
                includeUsage)));
        for (String word : WORDS) {
            events.append(event(chunk(model, id, new JsonObject().put("content", word), null, includeUsage)));
        }
        events.append(event(chunk(model, id, new JsonObject(), "stop", includeUsage)));
        if (includeUsage) {
            events.append(event(chunkBase(model, id).put("choices", new JsonArray()).put("usage", usageObject())));
        }
        events.append("data: [DONE]\n\n");
        response.end(Buffer.buffer(events.toString()));
    }

    private JsonObject chunk(String model, long id, JsonObject delta, String finishReason, boolean includeUsage) {
        JsonObject chunk = chunkBase(model, id).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("delta", delta).put("logprobs", (Object) null).put("finish_reason", finishReason)));
        if (includeUsage) {
            chunk.put("usage", (Object) null); // OpenAI sends usage: null on every chunk before the usage chunk
        }
        return chunk;
    }

    private static JsonObject chunkBase(String model, long id) {
        return new JsonObject().put("id", "chatcmpl-stub-" + id).put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", model)
                .put("system_fingerprint", "fp_stub");
    }

    private static String event(JsonObject data) {
        return "data: " + data.encode() + "\n\n";
    }

    private JsonObject usageObject() {
        return new JsonObject().put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.promptTokens() + usage.completionTokens())
                .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 0).put("audio_tokens", 0))
                .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", 0).put("audio_tokens", 0));
    }

    private static void error(HttpServerResponse response, int status, String type, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("error", new JsonObject().put("message", message).put("type", type).put("param", (Object) null)
                        .put("code", (Object) null)).encode());
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
