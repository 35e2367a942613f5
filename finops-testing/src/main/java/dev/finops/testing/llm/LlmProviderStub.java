package dev.finops.testing.llm;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A local LLM provider that speaks OpenAI Chat Completions, Responses, Embeddings and Models ({@code /v1/...}) and
 * Anthropic Messages ({@code /v1/messages}), JSON and SSE, as {@code gateway-wire-facts.md} describes. Register it
 * as an OpenAI provider with {@link #openAiBaseUrl()} and as an Anthropic one with {@link #baseUrl()}.
 *
 * <p>Answers are derived from the prompt ({@link StubAnswer#text}); usage is configured per API or derived from the
 * text; faults are planned for the next requests; every request is recorded. Runs standalone too:
 * {@code java -cp ... dev.finops.testing.llm.LlmProviderStub --port 8090 --delay-ms 20}.
 */
public final class LlmProviderStub implements AutoCloseable {

    private final String apiKey;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
            .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
    private HttpServer server;

    volatile long delayMs;
    volatile long frameDelayMs;
    volatile StubUsage.OpenAi chatUsage;
    volatile StubUsage.OpenAi responsesUsage;
    volatile Long embeddingTokens;
    volatile StubUsage.Anthropic messagesUsage;
    volatile List<String> models = List.of("stub-model");
    volatile int maxRecorded = 10_000;

    private final Deque<StubFault> faults = new ConcurrentLinkedDeque<>();
    private final Deque<StubFault> streamFaults = new ConcurrentLinkedDeque<>();
    private final Deque<RecordedRequest> recorded = new ConcurrentLinkedDeque<>();
    private final Map<String, AtomicLong> countsByPath = new ConcurrentHashMap<>();
    final AtomicLong streamsCompleted = new AtomicLong();
    final AtomicLong streamsAborted = new AtomicLong();
    final AtomicInteger open = new AtomicInteger();

    /** @param apiKey the provider key callers must send (OpenAI: Bearer; Anthropic: x-api-key); null = any key */
    public LlmProviderStub(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Listens on 127.0.0.1 and a free port. */
    public LlmProviderStub start() {
        return start(0);
    }

    public LlmProviderStub start(int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                        .setMaxInitialLineLength(8192).setMaxHeaderSize(64 * 1024))
                .requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().join();
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    /** The Anthropic baseUrl (the SDK and the gateway append /v1/messages). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The OpenAI baseUrl (the SDK and the gateway append /chat/completions, /responses, /embeddings). */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public String apiKey() {
        return apiKey;
    }

    // --- behaviour -------------------------------------------------------------------------------------------

    /** Every answer waits this long before its first byte. */
    public LlmProviderStub delayMs(long millis) {
        this.delayMs = millis;
        return this;
    }

    /** Streams wait this long between frames (so a test can act mid-stream). */
    public LlmProviderStub frameDelayMs(long millis) {
        this.frameDelayMs = millis;
        return this;
    }

    /** Usage of Chat Completions answers; null derives it from the text. */
    public LlmProviderStub chatUsage(StubUsage.OpenAi usage) {
        this.chatUsage = usage;
        return this;
    }

    /** Usage of Responses answers; null derives it from the text. */
    public LlmProviderStub responsesUsage(StubUsage.OpenAi usage) {
        this.responsesUsage = usage;
        return this;
    }

    /** prompt_tokens (= total_tokens) of Embeddings answers; null derives it from the input. */
    public LlmProviderStub embeddingTokens(Long tokens) {
        this.embeddingTokens = tokens;
        return this;
    }

    /** Usage of Messages answers; null derives it from the text. */
    public LlmProviderStub messagesUsage(StubUsage.Anthropic usage) {
        this.messagesUsage = usage;
        return this;
    }

    /** What GET /v1/models lists. */
    public LlmProviderStub models(List<String> ids) {
        this.models = List.copyOf(ids);
        return this;
    }

    /** How many requests are kept for {@link #requests()} (the counts are always exact). */
    public LlmProviderStub maxRecorded(int max) {
        this.maxRecorded = max;
        return this;
    }

    // --- faults ----------------------------------------------------------------------------------------------

    /** The next {@code count} requests answer {@code status} in their API's error shape (retry-after: 1 on 429/503/529). */
    public LlmProviderStub failNext(int count, int status) {
        return failNext(count, status, status == 429 || status == 503 || status == 529 ? 1 : null);
    }

    /** As {@link #failNext(int, int)} with this retry-after (null: no header). */
    public LlmProviderStub failNext(int count, int status, Integer retryAfterSeconds) {
        for (int i = 0; i < count; i++) {
            faults.add(new StubFault.Status(status, retryAfterSeconds));
        }
        return this;
    }

    /** The next {@code count} requests are never answered. */
    public LlmProviderStub hangNext(int count) {
        for (int i = 0; i < count; i++) {
            faults.add(new StubFault.Hang());
        }
        return this;
    }

    /** The next stream is cut (connection closed) after {@code frames} frames, before its usage and end. */
    public LlmProviderStub cutNextStream(int frames) {
        streamFaults.add(new StubFault.Cut(frames));
        return this;
    }

    /** The next stream sends its API's error event after {@code frames} frames (Anthropic: overloaded_error). */
    public LlmProviderStub errorNextStream(int frames) {
        streamFaults.add(new StubFault.ErrorEvent(frames));
        return this;
    }

    public LlmProviderStub clearFaults() {
        faults.clear();
        streamFaults.clear();
        return this;
    }

    StubFault nextFault() {
        return faults.poll();
    }

    StubFault nextStreamFault() {
        return streamFaults.poll();
    }

    boolean acceptsKey(String key) {
        return key != null && !key.isBlank() && (apiKey == null || apiKey.equals(key));
    }

    // --- what it got -----------------------------------------------------------------------------------------

    /** Requests received, oldest first (the last {@link #maxRecorded(int)}). */
    public List<RecordedRequest> requests() {
        return new ArrayList<>(recorded);
    }

    /** Requests received on this path (e.g. "/v1/chat/completions"). */
    public List<RecordedRequest> requests(String path) {
        return requests(r -> r.path().equals(path));
    }

    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        return recorded.stream().filter(filter).toList();
    }

    /** All requests received since the start or the last {@link #reset()}. */
    public long count() {
        return countsByPath.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long count(String path) {
        AtomicLong n = countsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** Streams sent to their end, and streams whose client went away first. */
    public long streamsCompleted() {
        return streamsCompleted.get();
    }

    public long streamsAborted() {
        return streamsAborted.get();
    }

    /** Requests being answered right now (streams included). */
    public int inFlight() {
        return open.get();
    }

    /** Forgets requests, counts and planned faults; keeps usage, delays and models. */
    public LlmProviderStub reset() {
        recorded.clear();
        countsByPath.clear();
        streamsCompleted.set(0);
        streamsAborted.set(0);
        return clearFaults();
    }

    // --- serving ---------------------------------------------------------------------------------------------

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            req.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(h.getValue()));
            String path = req.path();
            recorded.add(new RecordedRequest(Instant.now(), req.method().name(), path, headers, body.toString()));
            while (recorded.size() > maxRecorded) {
                recorded.poll();
            }
            countsByPath.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
            new StubExchange(this, vertx, req, body.toString()).serve();
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Standalone: {@code --port N} (default 8090), {@code --delay-ms N}, {@code --frame-delay-ms N}, {@code --api-key K}. */
    public static void main(String[] args) throws InterruptedException {
        int port = 8090;
        long delay = 0;
        long frameDelay = 0;
        String key = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--delay-ms" -> delay = Long.parseLong(value);
                case "--frame-delay-ms" -> frameDelay = Long.parseLong(value);
                case "--api-key" -> key = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --port, --delay-ms, --frame-delay-ms, --api-key)");
            }
            i++;
        }
        LlmProviderStub stub = new LlmProviderStub(key).delayMs(delay).frameDelayMs(frameDelay).maxRecorded(0)
                .start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        System.out.println("LlmProviderStub on " + stub.baseUrl() + " (OpenAI baseUrl " + stub.openAiBaseUrl()
                + ", Anthropic baseUrl " + stub.baseUrl() + "), delay " + delay + " ms");
        Thread.currentThread().join();
    }
}
