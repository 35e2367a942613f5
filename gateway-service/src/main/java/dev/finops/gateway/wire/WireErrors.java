package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Error bodies in the caller's provider shape, so SDKs raise their usual exception types:
 * OpenAI {@code {"error":{"message","type","param","code"}}}, Anthropic {@code {"type":"error","error":{type,message}}}.
 * The SDKs pick the exception class by HTTP status; the types below are what the providers themselves send.
 */
public final class WireErrors {

    private WireErrors() {
    }

    /**
     * The error body for a status. {@code type}/{@code code} may be null: then the API's usual ones for the status are
     * used (Anthropic: 400 invalid_request_error, 401 authentication_error, 402 billing_error, 403 permission_error,
     * 404 not_found_error, 413 request_too_large, 429 rate_limit_error, 500 api_error, 504 timeout_error, 529
     * overloaded_error; other 4xx invalid_request_error, other 5xx api_error). OpenAI: 401 invalid_request_error with
     * code invalid_api_key, 402 insufficient_quota (type and code, OpenAI's wording for money that ran out), 429
     * type tokens with code rate_limit_exceeded (the TPM shape; pass type "requests" for a request-rate limit), other
     * 4xx invalid_request_error, 5xx server_error. A default code is used only with the default type: a caller's own
     * type keeps the code it gives. Anthropic bodies have no code or param. A null message becomes a generic one.
     */
    public static Buffer body(WireApi api, int status, String type, String code, String param, String message) {
        String text = message == null || message.isBlank() ? genericMessage(status) : message;
        if (api.anthropic()) {
            return WireJson.buffer(anthropic(type != null ? type : anthropicType(status), text));
        }
        boolean defaults = type == null;
        String errorCode = code == null && defaults ? openAiCode(status) : code;
        return WireJson.buffer(openAi(defaults ? openAiType(status) : type, errorCode, param, text));
    }

    /**
     * The same error as one SSE frame, to end a stream that already sent its headers. OpenAI (chat and responses):
     * {@code data: {"error":{…}}}, which the OpenAI SDK turns into an APIError; Anthropic: {@code event: error}.
     * A null type is server_error (OpenAI) or api_error (Anthropic).
     */
    public static Buffer streamFrame(WireApi api, String type, String message) {
        String text = message == null || message.isBlank() ? genericMessage(500) : message;
        if (api.anthropic()) {
            ObjectNode error = anthropic(type != null ? type : "api_error", text);
            return frame("event: error\ndata: " + WireJson.compact(error) + "\n\n");
        }
        ObjectNode error = openAi(type != null ? type : "server_error", null, null, text);
        return frame("data: " + WireJson.compact(error) + "\n\n");
    }

    private static Buffer frame(String text) {
        return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode openAi(String type, String code, String param, String message) {
        ObjectNode error = WireJson.object();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = WireJson.object();
        body.set("error", error);
        return body;
    }

    private static ObjectNode anthropic(String type, String message) {
        ObjectNode error = WireJson.object();
        error.put("type", type);
        error.put("message", message);
        ObjectNode body = WireJson.object();
        body.put("type", "error");
        body.set("error", error);
        return body;
    }

    static String openAiType(int status) {
        return switch (status) {
            case 402 -> "insufficient_quota";
            case 429 -> "tokens";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    static String openAiCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 402 -> "insufficient_quota";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
    }

    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String genericMessage(int status) {
        return status >= 500 ? "The gateway could not complete the request." : "The request was refused.";
    }
}
