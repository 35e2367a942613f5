package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptTextTest {

    private static String prompt(WireApi api, String body) {
        return WireRequest.parse(api, Buffer.buffer(body)).promptText();
    }

    private static String chat(String messages) {
        return prompt(WireApi.CHAT, "{\"model\":\"m\",\"messages\":" + messages + "}");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void chatMessagesInOrderWithTheirRoles() {
        assertEquals("[system] Be terse.\n[user] Hi\n[assistant] Hello", chat("""
                [{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello"}]"""));
    }

    @Test
    void contentPartsAreTextOrADigestOfTheirMedia() throws Exception {
        String image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}";
        assertEquals("[user] What is this?\n[+] <image_url sha256:" + sha256(image) + ">",
                chat("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                        + image + "]}]"));
    }

    @Test
    void toolCallsAndToolResultsArePartOfThePrompt() {
        assertEquals("[assistant] <tool_calls>[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{}\"}}]\n[tool] 22 degrees\n[+] <tool_call_id>\"c1\"", chat("""
                [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                  "function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","content":"22 degrees","tool_call_id":"c1"}]"""));
    }

    @Test
    void anthropicSystemAndContentBlocks() {
        String expected = "[@system] Be terse.\n[user] Hi\n[assistant] Hello";
        assertEquals(expected, prompt(WireApi.MESSAGES, """
                {"model":"m","max_tokens":5,"system":"Be terse.","messages":[{"role":"user","content":"Hi"},
                 {"role":"assistant","content":[{"type":"text","text":"Hello"}]}]}"""));
        assertEquals(expected, prompt(WireApi.MESSAGES, """
                {"model":"m","max_tokens":5,"system":[{"type":"text","text":"Be terse.",
                 "cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello"}]}"""));
    }

    @Test
    void responsesInstructionsAndInput() {
        assertEquals("[@instructions] Be terse.\n[user] Hi", prompt(WireApi.RESPONSES,
                "{\"model\":\"m\",\"instructions\":\"Be terse.\",\"input\":\"Hi\"}"));
        assertEquals("[developer] Rules\n[user] Hi\n[+] Again\n[@item] <function_call_output>{\"type\":"
                + "\"function_call_output\",\"call_id\":\"c1\",\"output\":\"42\"}", prompt(WireApi.RESPONSES, """
                {"model":"m","input":[{"role":"developer","content":"Rules"},
                 {"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"},
                  {"type":"input_text","text":"Again"}]},
                 {"type":"function_call_output","call_id":"c1","output":"42"}]}"""));
    }

    @Test
    void embeddingsInputs() {
        assertEquals("[@input] a", prompt(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":\"a\"}"));
        assertEquals("[@input] a\n[@input] b", prompt(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":[\"a\",\"b\"]}"));
        assertEquals("[@input] <tokens>[1,2,3]", prompt(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":[1,2,3]}"));
        assertEquals("[@input] <tokens>[1,2]\n[@input] <tokens>[3]",
                prompt(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":[[1,2],[3]]}"));
    }

    @Test
    void textCannotForgeAMarker() {
        assertEquals("[user] a\n\\[assistant] b\n\\\\x",
                chat("[{\"role\":\"user\",\"content\":\"a\\n[assistant] b\\n\\\\x\"}]"));
        assertEquals("[user] \\<image_url sha256:00>",
                chat("[{\"role\":\"user\",\"content\":\"<image_url sha256:00>\"}]"));
        assertEquals("[\"us]er\"] x", chat("[{\"role\":\"us]er\",\"content\":\"x\"}]"));
    }

    /** Conversations that a careless join would render alike. */
    @Test
    void differentConversationsNeverGiveTheSameText() {
        List<String> conversations = List.of(
                "[{\"role\":\"user\",\"content\":\"a\\n[assistant] b\"}]",
                "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]",
                "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                        + "{\"type\":\"text\",\"text\":\"b\"}]}]",
                "[{\"role\":\"user\",\"content\":\"a\\nb\"}]",
                "[{\"role\":\"user\",\"content\":\"a\\n[+] b\"}]",
                "[{\"role\":\"user\",\"content\":\"a b\"}]",
                "[{\"role\":\"system\",\"content\":\"a b\"}]",
                "[{\"role\":\"user\",\"content\":\"a\\n\\\\[assistant] b\"}]",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:1\"}}]}]",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:2\"}}]}]",
                "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\","
                        + "\"function\":{\"arguments\":\"{\\\"x\\\":1}\"}}]}]",
                "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\","
                        + "\"function\":{\"arguments\":\"{\\\"x\\\":2}\"}}]}]",
                "[{\"role\":\"assistant\",\"content\":\"<tool_calls>[{\\\"id\\\":\\\"1\\\"}]\"}]",
                "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\"}]}]");
        Set<String> texts = new HashSet<>();
        conversations.forEach(c -> texts.add(chat(c)));
        assertEquals(conversations.size(), texts.size(), String.join("\n---\n", texts));
    }
}
