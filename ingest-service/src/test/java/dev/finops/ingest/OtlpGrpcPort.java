package dev.finops.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A free port for the OTLP/gRPC server of this test run (every test class starts it), so that builds running side by
 * side do not collide on quarkus-grpc's fixed default test port.
 */
public class OtlpGrpcPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Map.of("quarkus.grpc.server.test-port", String.valueOf(socket.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the OTLP/gRPC server", e);
        }
    }

    @Override
    public void stop() {
    }
}
