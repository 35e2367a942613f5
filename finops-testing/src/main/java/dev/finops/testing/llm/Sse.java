package dev.finops.testing.llm;

import io.vertx.core.json.JsonObject;

/** Server-sent event frames as providers write them. */
final class Sse {

    /** The last frame of an OpenAI Chat Completions stream. */
    static final String DONE = "data: [DONE]\n\n";

    private Sse() {
    }

    static String data(JsonObject json) {
        return "data: " + json.encode() + "\n\n";
    }

    static String event(String name, JsonObject json) {
        return "event: " + name + "\ndata: " + json.encode() + "\n\n";
    }
}
