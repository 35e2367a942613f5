package dev.finops.gateway.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What another suite service answered. */
public record ServiceReply(int status, MultiMap headers, Buffer body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public JsonObject json() {
        return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }
}
