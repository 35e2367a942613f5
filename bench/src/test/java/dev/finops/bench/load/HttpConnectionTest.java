package dev.finops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    @Test
    void readsFixedLengthAndChunkedAnswersOnOneKeptAliveConnection() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] answer = (auth + " " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            boolean chunked = exchange.getRequestURI().getPath().equals("/chunked");
            exchange.sendResponseHeaders(chunked ? 201 : 200, chunked ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try (HttpConnection c = new HttpConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
            assertEquals(new HttpConnection.Answer(200, "Bearer k1 {\"a\":1}"), c.post("/fixed", "k1", "{\"a\":1}"));
            assertEquals(new HttpConnection.Answer(201, "Bearer k2 [\"é\"]"), c.post("/chunked", "k2", "[\"é\"]"));
            assertEquals(200, c.post("/fixed", "k3", "{}").status());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sendsFurtherHeadersAndTellsWhenTheFirstBodyByteCame() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("a".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(50);
                out.write(exchange.getRequestHeaders().getFirst("X-FinOps-Agent").getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try (HttpConnection c = new HttpConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
            long sent = System.nanoTime();
            HttpConnection.Answer a = c.post("/", "k", "{}", java.util.Map.of("X-FinOps-Agent", "bot-7"));
            long done = System.nanoTime();
            assertEquals(new HttpConnection.Answer(200, "abot-7"), a);
            org.junit.jupiter.api.Assertions.assertTrue(c.firstByteNanos() - sent < done - sent - 30_000_000L,
                    "the first chunk came about 50 ms before the end");
        } finally {
            server.stop(0);
        }
    }
}
