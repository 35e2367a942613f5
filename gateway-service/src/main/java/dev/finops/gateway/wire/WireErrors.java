package dev.finops.gateway.wire;

import io.vertx.core.buffer.Buffer;

/**
 * Error bodies in the caller's provider shape, so SDKs raise their usual exception types:
 * OpenAI {@code {"error":{"message","type","param","code"}}}, Anthropic {@code {"type":"error","error":{type,message}}}.
 */
public final class WireErrors {

    private WireErrors() {
    }

    /**
     * The error body for a status. {@code type}/{@code code} may be null: then the API's usual ones for the status are
     * used (Anthropic: 400 invalid_request_error, 401 authentication_error, 403 permission_error, 404
     * not_found_error, 413 request_too_large, 429 rate_limit_error, 500 api_error, 529 overloaded_error).
     */
    public static Buffer body(WireApi api, int status, String type, String code, String param, String message) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** The same error as one SSE frame, to end a stream that already sent its headers. */
    public static Buffer streamFrame(WireApi api, String type, String message) {
        throw new UnsupportedOperationException("TODO wire");
    }
}
