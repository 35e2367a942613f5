package dev.finops.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection that sends a request and reads the whole answer, as cheaply as possible: the
 * load generator shares two cores with the suite and Postgres, so it must not cost more than the server it measures.
 */
public final class HttpConnection implements Closeable {

    /** Status and body of one answer. */
    public record Answer(int status, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;
    private long firstByteNanos;

    public HttpConnection(URI server) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        host = server.getHost() + ":" + server.getPort();
    }

    public Answer post(String path, String key, String body) throws IOException {
        return post(path, key, body, Map.of());
    }

    /** A POST with further request headers (e.g. attribution headers for the gateway). */
    public Answer post(String path, String key, String body, Map<String, String> headers) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nAuthorization: Bearer ").append(key).append("\r\nContent-Type: application/json\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(payload, 0, request, headBytes.length, payload.length);
        out.write(request);
        out.flush();
        return read();
    }

    private Answer read() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && h.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        firstByteNanos = System.nanoTime(); // the head is in; a body's first byte is at most this late (below)
        if (chunked) {
            int first = Integer.parseInt(line().split(";")[0].trim(), 16);
            firstByteNanos = System.nanoTime(); // the first chunk's size line: its data is arriving
            for (int size = first; size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            line();
        } else if (length > 0) {
            copy(length, body);
        }
        return new Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new EOFException("connection closed in the middle of an answer");
            }
            into.write(buffer, 0, read);
            n -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    /**
     * When the last answer's first body byte was read (System.nanoTime): the first chunk of a chunked body (a
     * stream's first event), else the end of the head. Time to first byte = this minus when the request was due.
     */
    public long firstByteNanos() {
        return firstByteNanos;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
