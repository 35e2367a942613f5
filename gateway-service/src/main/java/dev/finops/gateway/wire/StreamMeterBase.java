package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.cost.TokenUsage;

/** What every stream meter keeps: the answer text, everything generated, the end, the usage and the first error. */
abstract class StreamMeterBase implements StreamMeter {

    private final StringBuilder text = new StringBuilder();
    /** The answer plus tool-call arguments, refusals and reasoning: all of it is billed output. */
    private final StringBuilder generated = new StringBuilder();
    private boolean finished;
    private CallUsage usage;
    private String error;

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public CallUsage usage() {
        return usage;
    }

    @Override
    public String text() {
        return text.toString();
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public CallUsage estimate(long inputTokens, TokenCounter counter) {
        long output = counter.count(generated.toString());
        return new CallUsage(new TokenUsage(Math.max(0, inputTokens), 0, 0, output, 0), 0, true);
    }

    long generatedTokens(TokenCounter counter) {
        return counter.count(generated.toString());
    }

    void answer(String delta) {
        if (delta != null) {
            text.append(delta);
            generated.append(delta);
        }
    }

    void generated(String delta) {
        if (delta != null) {
            generated.append(delta);
        }
    }

    void finish() {
        finished = true;
    }

    void usage(CallUsage usage) {
        if (usage != null) {
            this.usage = usage;
        }
    }

    /** Keeps the first error: later ones are usually consequences of it. */
    void failed(JsonNode error) {
        if (this.error == null) {
            this.error = errorType(error);
        }
    }

    /** An error's name: a string error itself, else its type, else its code; "error" when it has none. */
    static String errorType(JsonNode error) {
        if (error != null && error.isTextual() && !error.textValue().isEmpty()) {
            return error.textValue();
        }
        String type = WireJson.text(error, "type");
        if (type != null && !type.isEmpty() && !type.equals("error")) {
            return type;
        }
        String code = WireJson.text(error, "code");
        return code != null && !code.isEmpty() ? code : "error";
    }

    /** The frame's JSON type, or its event name when the data has none. */
    static String type(SseFrame frame, JsonNode json) {
        String type = WireJson.text(json, "type");
        return type != null ? type : frame.event();
    }
}
