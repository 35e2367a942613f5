package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void countsWithO200kBase() {
        assertEquals(0, counter.count(""));
        assertEquals(0, counter.count(null));
        assertEquals(2, counter.count("hello world"));
        assertEquals(9, counter.count("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void specialTokensInTextAreOrdinaryText() {
        // a caller may paste <|endoftext|>; it is text to the provider and must not make the counter throw
        assertTrue(counter.count("<|endoftext|>") > 1);
    }

    @Test
    void chatInputIsThePromptTextPlusThreePerMessageAndThreeForTheReply() {
        WireRequest request = WireRequest.parse(WireApi.CHAT, Buffer.buffer("""
                {"model":"m","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"}]}"""));
        long expected = counter.count("[system] Be terse.\n[user] Hi") + 2 * 3 + 3;
        assertEquals(expected, counter.inputTokens(request));
    }

    @Test
    void anthropicSystemCountsAsAMessage() {
        WireRequest request = WireRequest.parse(WireApi.MESSAGES, Buffer.buffer("""
                {"model":"m","max_tokens":9,"system":"Be terse.","messages":[{"role":"user","content":"Hi"}]}"""));
        assertEquals(counter.count("[@system] Be terse.\n[user] Hi") + 2 * 3 + 3, counter.inputTokens(request));
    }

    @Test
    void embeddingsAreExactlyTheirInputsTokens() {
        WireRequest request = WireRequest.parse(WireApi.EMBEDDINGS, Buffer.buffer("""
                {"model":"m","input":["hello world",[1,2,3]]}"""));
        assertEquals(2 + 3, counter.inputTokens(request));
        assertEquals(4, counter.inputTokens(WireRequest.parse(WireApi.EMBEDDINGS,
                Buffer.buffer("{\"model\":\"m\",\"input\":[5,6,7,8]}"))));
        assertEquals(2, counter.inputTokens(WireRequest.parse(WireApi.EMBEDDINGS,
                Buffer.buffer("{\"model\":\"m\",\"input\":\"hello world\"}"))));
    }
}
