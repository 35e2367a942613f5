package dev.finops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local Standard Webhooks receiver on 127.0.0.1: keeps every request, verifies signatures with its own HMAC
 * (independent of budget-service's signer), and can go down and come back on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request. */
    public record Delivery(String webhookId, String timestamp, String signature, String body, Instant receivedAt) {

        public JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String type() {
            return json().path("type").asText();
        }
    }

    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final String secret;
    private int port;
    private HttpServer server;

    public WebhookReceiver(String secret) {
        this.secret = secret;
        start();
    }

    /** A fresh Standard Webhooks secret: whsec_ + base64 of 24 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[24];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public String secret() {
        return secret;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("webhook receiver cannot listen on 127.0.0.1:" + port, e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            received.add(new Delivery(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), body, Instant.now()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    /** Down: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public List<Delivery> received() {
        return List.copyOf(received);
    }

    public List<Delivery> received(String type) {
        return received.stream().filter(d -> d.type().equals(type)).toList();
    }

    /** True when the signature is v1,base64(HMAC-SHA256(key, id.timestamp.body)) with this receiver's secret. */
    public boolean signatureValid(Delivery d) {
        if (d.webhookId() == null || d.timestamp() == null || d.signature() == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((d.webhookId() + "." + d.timestamp() + "." + d.body())
                    .getBytes(StandardCharsets.UTF_8));
            for (String candidate : d.signature().split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
