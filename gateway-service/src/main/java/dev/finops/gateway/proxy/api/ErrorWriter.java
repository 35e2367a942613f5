package dev.finops.gateway.proxy.api;

import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.error.GatewayProblemMapper;
import dev.finops.gateway.wire.WireApi;
import dev.finops.gateway.wire.WireErrors;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;

/**
 * The gateway's own refusals in the caller's provider shape, so SDKs raise their usual exceptions. Budget refusals
 * say {@code x-should-retry: false} (retrying cannot help before the period resets); rate limits say true.
 */
final class ErrorWriter {

    private ErrorWriter() {
    }

    static void write(HttpServerResponse response, WireApi api, String requestId, Throwable failure) {
        if (response.headWritten() || response.closed()) {
            return;
        }
        GatewayException e = failure instanceof GatewayException g ? g : internal(requestId, failure);
        int status = GatewayProblemMapper.status(e.kind());
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("X-FinOps-Request-Id", requestId);
        if (e.kind() == Kind.REFUSED || e.kind() == Kind.RATE_LIMITED) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, e.retryAfterSeconds())))
                    .putHeader("x-should-retry", Boolean.toString(e.kind() == Kind.RATE_LIMITED));
        }
        response.end(WireErrors.body(api, status, openAiType(api, e), code(e), e.param(), e.getMessage()));
    }

    private static GatewayException internal(String requestId, Throwable failure) {
        Log.errorf(failure, "gateway request %s failed", requestId);
        return new GatewayException(Kind.UNAVAILABLE, null, "The gateway could not complete the call (request "
                + requestId + "); retry shortly");
    }

    /** OpenAI's error type; Anthropic's comes from the status (null = WireErrors' default for the status). */
    private static String openAiType(WireApi api, GatewayException e) {
        if (api.anthropic()) {
            return null;
        }
        return switch (e.kind()) {
            case REFUSED -> "budget_exceeded";
            case RATE_LIMITED -> "requests";
            case UNAVAILABLE -> "server_error";
            default -> "invalid_request_error";
        };
    }

    private static String code(GatewayException e) {
        return switch (e.kind()) {
            case UNAUTHENTICATED -> "invalid_api_key";
            case REFUSED -> "budget_exceeded";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case TOO_LARGE -> "request_too_large";
            case INVALID -> "model".equals(e.param()) && e.getMessage().contains("not served") ? "model_not_found" : null;
            default -> null;
        };
    }
}
