package dev.finops.testing.llm;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A request the stub received: header names lower-case, the body as sent. */
public record RecordedRequest(Instant receivedAt, String method, String path, Map<String, List<String>> headers,
                              String body) {

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as a JSON object, or null when it is not one. */
    public JsonObject json() {
        try {
            return body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** The model the body asked for, or null. */
    public String model() {
        JsonObject j = json();
        return j == null ? null : j.getString("model");
    }

    /** Whether the body asked for a stream. */
    public boolean stream() {
        JsonObject j = json();
        return j != null && Boolean.TRUE.equals(j.getValue("stream"));
    }
}
