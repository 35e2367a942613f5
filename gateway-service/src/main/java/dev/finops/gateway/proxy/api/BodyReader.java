package dev.finops.gateway.proxy.api;

import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body up to a limit: a declared or actual larger body is a 413 before more is read. */
final class BodyReader {

    private BodyReader() {
    }

    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        String declared = request.getHeader("Content-Length");
        if (declared != null && parse(declared) > maxBytes) {
            return Future.failedFuture(tooLarge(maxBytes));
        }
        Promise<Buffer> body = Promise.promise();
        Buffer buffer = Buffer.buffer();
        request.handler(chunk -> {
            if (buffer.length() + chunk.length() > maxBytes) {
                request.pause();
                body.tryFail(tooLarge(maxBytes));
            } else {
                buffer.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(body::tryFail);
        request.endHandler(v -> body.tryComplete(buffer));
        request.resume();
        return body.future();
    }

    private static GatewayException tooLarge(long maxBytes) {
        return new GatewayException(Kind.TOO_LARGE, "body", "The request body is larger than this gateway accepts ("
                + maxBytes + " bytes; finops.gateway.max-body-size)");
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
