package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Writes the segments and parts of a {@link PromptText}, escaping text so it cannot forge a marker. */
final class PromptWriter {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.-]+");

    private final StringBuilder out = new StringBuilder();
    private int messages;
    private boolean firstPart;

    /** A role or type as written in a marker: bare when plain, else JSON-quoted (so it cannot close the marker). */
    static String label(String name) {
        if (name == null) {
            return "?";
        }
        return BARE.matcher(name).matches() ? name : WireJson.compact(TextNode.valueOf(name));
    }

    /** Starts a message; {@code label} is already safe (a checked role or one of the "@" labels). */
    void start(String label) {
        if (!out.isEmpty()) {
            out.append('\n');
        }
        out.append('[').append(label).append("] ");
        messages++;
        firstPart = true;
    }

    void text(String text) {
        nextPart();
        if (!text.isEmpty() && (text.charAt(0) == '<' || text.charAt(0) == '\\')) {
            out.append('\\');
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == '\n' && i + 1 < text.length() && (text.charAt(i + 1) == '[' || text.charAt(i + 1) == '\\')) {
                out.append('\\');
            }
        }
    }

    /** A non-text part as its compact JSON (which never holds a raw newline). */
    void json(String type, JsonNode value) {
        nextPart();
        out.append('<').append(label(type)).append('>').append(WireJson.compact(value));
    }

    /** A media part by the digest of its JSON: different images give different text, without their base64. */
    void digest(String type, JsonNode value) {
        nextPart();
        out.append('<').append(label(type)).append(" sha256:").append(sha256(WireJson.compact(value))).append('>');
    }

    private void nextPart() {
        if (!firstPart) {
            out.append("\n[+] ");
        }
        firstPart = false;
    }

    String text() {
        return out.toString();
    }

    int messages() {
        return messages;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
