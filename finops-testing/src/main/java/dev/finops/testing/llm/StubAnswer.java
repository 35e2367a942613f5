package dev.finops.testing.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What the stub "generates": a deterministic answer derived from the prompt, so a test can predict it (and a cache
 * hit can be told from a fresh answer by its text), plus deterministic embedding vectors.
 */
public final class StubAnswer {

    /** Words of the prompt repeated in the answer (after the digest word). */
    static final int ECHOED_WORDS = 6;

    private StubAnswer() {
    }

    /** The whole answer the stub gives to this prompt: "Stub answer <8 hex of SHA-256(prompt)>: <first words>". */
    public static String text(String prompt) {
        List<String> words = words(prompt);
        String echoed = String.join(" ", words.subList(0, Math.min(ECHOED_WORDS, words.size())));
        return "Stub answer " + digest(prompt).substring(0, 8) + ":" + (echoed.isEmpty() ? "" : " " + echoed);
    }

    /** The answer split into stream deltas: one per word, each but the first with its leading space. */
    public static List<String> deltas(String answer) {
        String[] parts = answer.split(" ");
        List<String> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            out.add(i == 0 ? parts[i] : " " + parts[i]);
        }
        return out;
    }

    /** The answer truncated to at most {@code maxTokens} deltas (one delta counts as one token here). */
    static List<String> limit(List<String> deltas, Long maxTokens) {
        return maxTokens == null || maxTokens >= deltas.size() ? deltas
                : deltas.subList(0, (int) Math.max(0, maxTokens));
    }

    /** A rough token count of a text, as used when no usage is configured: ceil(chars / 4), at least 1. */
    public static long tokensOf(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    /** A unit vector of {@code dimensions} floats derived from the text. */
    public static float[] vector(String text, int dimensions) {
        float[] v = new float[dimensions];
        byte[] seed = sha256(text);
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (seed[i % seed.length] + 0.5f + i / (float) seed.length) / 128f;
            norm += v[i] * v[i];
        }
        float n = (float) Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            v[i] /= n;
        }
        return v;
    }

    /** The vector as OpenAI sends it for {@code encoding_format: base64}: little-endian float32, base64. */
    static String base64(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    static JsonArray floats(float[] vector) {
        JsonArray a = new JsonArray();
        for (float f : vector) {
            a.add(f);
        }
        return a;
    }

    /** The text of a content value: a string, or an array of parts whose text is under "text". */
    static String contentText(Object content) {
        if (content instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        if (content instanceof JsonArray parts) {
            for (Object part : parts) {
                if (part instanceof JsonObject p && p.getValue("text") instanceof String t) {
                    sb.append(sb.isEmpty() ? "" : " ").append(t);
                } else if (part instanceof String s) {
                    sb.append(sb.isEmpty() ? "" : " ").append(s);
                }
            }
        }
        return sb.toString();
    }

    /** The text of the last message of role "user" in a messages array (Chat Completions, Messages). */
    static String lastUserText(JsonArray messages) {
        String text = "";
        if (messages != null) {
            for (Object m : messages) {
                if (m instanceof JsonObject msg && "user".equals(msg.getString("role"))) {
                    text = contentText(msg.getValue("content"));
                }
            }
        }
        return text;
    }

    /** The prompt of a Responses request: input as a string, or the last user item's text. */
    static String responsesInput(Object input) {
        if (input instanceof String s) {
            return s;
        }
        return input instanceof JsonArray items ? lastUserText(new JsonArray(items.stream()
                .map(i -> i instanceof JsonObject o && !o.containsKey("role") && "input_text".equals(o.getString("type"))
                        ? new JsonObject().put("role", "user").put("content", o.getString("text"))
                        : i)
                .toList())) : "";
    }

    static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    static String digest(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
