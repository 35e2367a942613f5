package dev.finops.testing.llm;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** One request to the stub: routing, the key check, planned faults, validation and the answer. */
final class StubExchange {

    private enum Api { CHAT, RESPONSES, EMBEDDINGS, MODELS, MESSAGES }

    private final LlmProviderStub stub;
    private final Vertx vertx;
    private final HttpServerRequest req;
    private final HttpServerResponse resp;
    private final String body;
    private final AtomicBoolean done = new AtomicBoolean();
    private Api api;

    StubExchange(LlmProviderStub stub, Vertx vertx, HttpServerRequest req, String body) {
        this.stub = stub;
        this.vertx = vertx;
        this.req = req;
        this.resp = req.response();
        this.body = body;
    }

    void serve() {
        stub.open.incrementAndGet();
        resp.endHandler(v -> finished());
        resp.closeHandler(v -> finished());
        api = route();
        if (api == null) {
            boolean anthropic = req.path().startsWith("/v1/messages");
            error(404, anthropic ? "not_found_error" : "invalid_request_error", null, "not_found",
                    "Unknown request URL: " + req.method() + " " + req.path() + ".", null, anthropic);
            return;
        }
        if (!stub.acceptsKey(key())) {
            error(401, api == Api.MESSAGES ? "authentication_error" : "invalid_request_error", null,
                    "invalid_api_key", api == Api.MESSAGES ? "invalid x-api-key" : "Incorrect API key provided.",
                    null, api == Api.MESSAGES);
            return;
        }
        StubFault fault = stub.nextFault();
        if (fault instanceof StubFault.Hang) {
            return;
        }
        if (fault instanceof StubFault.Status s) {
            later(() -> planned(s));
            return;
        }
        if (api == Api.MODELS) {
            later(() -> json(OpenAiWire.models(stub.models)));
            return;
        }
        JsonObject request;
        try {
            request = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            invalid(null, api == Api.MESSAGES ? "There was an error parsing the body of your request."
                    : "We could not parse the JSON body of your request.");
            return;
        }
        String problem = validate(request);
        if (problem != null) {
            return;
        }
        later(() -> answer(request));
    }

    private Api route() {
        String p = req.path();
        boolean post = req.method() == HttpMethod.POST;
        if (post && p.equals("/v1/chat/completions")) {
            return Api.CHAT;
        } else if (post && p.equals("/v1/responses")) {
            return Api.RESPONSES;
        } else if (post && p.equals("/v1/embeddings")) {
            return Api.EMBEDDINGS;
        } else if (post && p.equals("/v1/messages")) {
            return Api.MESSAGES;
        } else if (req.method() == HttpMethod.GET && p.equals("/v1/models")) {
            return Api.MODELS;
        }
        return null;
    }

    private String key() {
        String auth = req.getHeader("authorization");
        String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        return api == Api.MESSAGES && req.getHeader("x-api-key") != null ? req.getHeader("x-api-key") : bearer;
    }

    /** Answers 400 and returns its message when the request misses what the real API requires; else null. */
    private String validate(JsonObject r) {
        List<String> required = switch (api) {
            case CHAT -> List.of("model", "messages");
            case RESPONSES -> List.of("model");
            case EMBEDDINGS -> List.of("model", "input");
            case MESSAGES -> List.of("model", "max_tokens", "messages");
            case MODELS -> List.of();
        };
        if (api == Api.MESSAGES && req.getHeader("anthropic-version") == null) {
            return invalid(null, "anthropic-version: header is required");
        }
        for (String field : required) {
            if (r.getValue(field) == null) {
                return invalid(field, api == Api.MESSAGES ? field + ": Field required"
                        : "Missing required parameter: '" + field + "'.");
            }
        }
        if (api == Api.CHAT && r.containsKey("stream_options") && !Boolean.TRUE.equals(r.getValue("stream"))) {
            return invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        return null;
    }

    private String invalid(String param, String message) {
        error(400, "invalid_request_error", param, param == null ? null : "missing_required_parameter", message, null,
                api == Api.MESSAGES);
        return message;
    }

    private void answer(JsonObject r) {
        boolean stream = Boolean.TRUE.equals(r.getValue("stream"));
        String model = r.getString("model");
        switch (api) {
            case CHAT -> {
                String prompt = StubAnswer.lastUserText(r.getJsonArray("messages"));
                List<String> deltas = deltas(prompt, maxTokens(r, "max_completion_tokens", "max_tokens"));
                boolean cut = deltas.size() < StubAnswer.deltas(StubAnswer.text(prompt)).size();
                StubUsage.OpenAi usage = stub.chatUsage != null ? stub.chatUsage
                        : StubUsage.OpenAi.of(StubAnswer.tokensOf(prompt), deltas.size());
                String finish = cut ? "length" : "stop";
                if (stream) {
                    boolean includeUsage = Boolean.TRUE.equals(r.getJsonObject("stream_options", new JsonObject())
                            .getValue("include_usage"));
                    stream(OpenAiWire.chatStream(model, deltas, finish, usage, includeUsage),
                            OpenAiWire.streamError(false, "The server had an error while processing your request."));
                } else {
                    json(OpenAiWire.chatCompletion(model, String.join("", deltas), finish, usage));
                }
            }
            case RESPONSES -> {
                String prompt = StubAnswer.responsesInput(r.getValue("input"));
                List<String> deltas = deltas(prompt, maxTokens(r, "max_output_tokens"));
                boolean cut = deltas.size() < StubAnswer.deltas(StubAnswer.text(prompt)).size();
                StubUsage.OpenAi usage = stub.responsesUsage != null ? stub.responsesUsage
                        : StubUsage.OpenAi.of(StubAnswer.tokensOf(prompt), deltas.size());
                String status = cut ? "incomplete" : "completed";
                if (stream) {
                    stream(OpenAiWire.responsesStream(model, deltas, status, usage),
                            OpenAiWire.streamError(true, "The server had an error while processing your request."));
                } else {
                    json(OpenAiWire.response("resp_" + OpenAiWire.id(), model, "msg_" + OpenAiWire.id(),
                            String.join("", deltas), status, usage));
                }
            }
            case EMBEDDINGS -> json(embeddings(r, model));
            case MESSAGES -> {
                String prompt = StubAnswer.lastUserText(r.getJsonArray("messages"));
                List<String> deltas = deltas(prompt, maxTokens(r, "max_tokens"));
                boolean cut = deltas.size() < StubAnswer.deltas(StubAnswer.text(prompt)).size();
                StubUsage.Anthropic usage = stub.messagesUsage != null ? stub.messagesUsage
                        : StubUsage.Anthropic.of(StubAnswer.tokensOf(prompt), deltas.size());
                String stop = cut ? "max_tokens" : "end_turn";
                if (stream) {
                    stream(AnthropicWire.stream(model, deltas, stop, usage),
                            AnthropicWire.streamError("overloaded_error", "Overloaded"));
                } else {
                    json(AnthropicWire.message("msg_" + OpenAiWire.id(), model, String.join("", deltas), stop, usage));
                }
            }
            case MODELS -> json(OpenAiWire.models(stub.models));
        }
    }

    private static List<String> deltas(String prompt, Long maxTokens) {
        return StubAnswer.limit(StubAnswer.deltas(StubAnswer.text(prompt)), maxTokens);
    }

    private static Long maxTokens(JsonObject r, String... fields) {
        for (String f : fields) {
            if (r.getValue(f) instanceof Number n) {
                return n.longValue();
            }
        }
        return null;
    }

    private JsonObject embeddings(JsonObject r, String model) {
        Object input = r.getValue("input");
        List<String> inputs = new ArrayList<>();
        if (input instanceof String s) {
            inputs.add(s);
        } else if (input instanceof JsonArray a) {
            boolean tokenIds = !a.isEmpty() && a.getValue(0) instanceof Number;
            if (tokenIds) {
                inputs.add(a.encode());
            } else {
                a.forEach(i -> inputs.add(i instanceof JsonArray ids ? ids.encode() : String.valueOf(i)));
            }
        }
        long tokens = stub.embeddingTokens != null ? stub.embeddingTokens
                : inputs.stream().mapToLong(StubAnswer::tokensOf).sum();
        int dims = r.getValue("dimensions") instanceof Number n ? n.intValue() : 8;
        return OpenAiWire.embeddings(model, inputs, dims, "base64".equals(r.getString("encoding_format")), tokens);
    }

    // --- writing ---------------------------------------------------------------------------------------------

    private void later(Runnable action) {
        if (stub.delayMs > 0) {
            vertx.setTimer(stub.delayMs, t -> action.run());
        } else {
            action.run();
        }
    }

    private void headers() {
        String id = OpenAiWire.id();
        if (api == Api.MESSAGES) {
            resp.putHeader("request-id", "req_" + id).putHeader("anthropic-organization-id", "stub-org")
                    .putHeader("anthropic-ratelimit-requests-limit", "4000")
                    .putHeader("anthropic-ratelimit-requests-remaining", "3999")
                    .putHeader("anthropic-ratelimit-requests-reset", java.time.Instant.now().plusSeconds(1).toString());
        } else {
            resp.putHeader("x-request-id", "req_" + id).putHeader("openai-version", "2020-10-01")
                    .putHeader("openai-processing-ms", String.valueOf(stub.delayMs))
                    .putHeader("x-ratelimit-limit-requests", "10000")
                    .putHeader("x-ratelimit-remaining-requests", "9999")
                    .putHeader("x-ratelimit-reset-requests", "6ms");
        }
    }

    private void json(JsonObject answer) {
        if (closed()) {
            return;
        }
        headers();
        resp.putHeader("content-type", "application/json").end(answer.encode());
    }

    private void planned(StubFault.Status s) {
        boolean anthropic = api == Api.MESSAGES;
        String type = anthropic ? AnthropicWire.errorType(s.status()) : switch (s.status()) {
            case 429 -> "requests";
            case 400, 401, 403, 404 -> "invalid_request_error";
            default -> "server_error";
        };
        String message = switch (s.status()) {
            case 429 -> "Rate limit reached for requests (stub). Please try again in " + s.retryAfterSeconds() + "s.";
            case 529 -> "Overloaded";
            default -> "The stub answered " + s.status() + " as planned.";
        };
        error(s.status(), type, null, s.status() == 429 ? "rate_limit_exceeded" : null, message,
                s.retryAfterSeconds(), anthropic);
    }

    private void error(int status, String type, String param, String code, String message, Integer retryAfter,
                       boolean anthropic) {
        if (closed()) {
            return;
        }
        headers();
        if (retryAfter != null) {
            resp.putHeader("retry-after", String.valueOf(retryAfter));
        }
        JsonObject b = anthropic ? AnthropicWire.error(type, message) : OpenAiWire.error(message, type, param, code);
        resp.setStatusCode(status).putHeader("content-type", "application/json").end(b.encode());
    }

    private void stream(List<String> frames, String errorFrame) {
        if (closed()) {
            return;
        }
        StubFault fault = stub.nextStreamFault();
        headers();
        resp.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
        int stopAt = fault instanceof StubFault.Cut c ? c.afterFrames()
                : fault instanceof StubFault.ErrorEvent e ? e.afterFrames() : frames.size();
        write(frames, 0, Math.min(stopAt, frames.size()), fault, errorFrame);
    }

    private void write(List<String> frames, int next, int stopAt, StubFault fault, String errorFrame) {
        while (true) {
            if (closed()) {
                stub.streamsAborted.incrementAndGet();
                return;
            }
            if (next == stopAt) {
                if (fault instanceof StubFault.Cut) {
                    // after what was written has left (a close alone may drop unflushed frames)
                    resp.write(io.vertx.core.buffer.Buffer.buffer()).onComplete(v -> req.connection().close());
                } else {
                    if (fault instanceof StubFault.ErrorEvent) {
                        resp.write(errorFrame);
                    }
                    resp.end();
                    stub.streamsCompleted.incrementAndGet();
                }
                return;
            }
            resp.write(frames.get(next));
            int following = next + 1;
            if (stub.frameDelayMs > 0) {
                vertx.setTimer(stub.frameDelayMs, t -> write(frames, following, stopAt, fault, errorFrame));
                return;
            }
            next = following;
        }
    }

    private boolean closed() {
        return done.get() || resp.closed() || resp.ended();
    }

    private void finished() {
        if (done.compareAndSet(false, true)) {
            stub.open.decrementAndGet();
        }
    }
}
