package dev.finops.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static UsageReader.Result read(String json) throws Exception {
        return UsageReader.read(JSON.readTree(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # shape                  | json                                                                                                                                                      | in    | cached | write | out  | reason
        canonical                | {"inputTokens":1000,"cachedInputTokens":200,"cacheWriteInputTokens":100,"outputTokens":50,"reasoningTokens":10}                                           | 1000  | 200    | 100   | 50   | 10
        canonical minimal        | {"inputTokens":7,"outputTokens":3}                                                                                                                        | 7     | 0      | 0     | 3    | 0
        openai chat completions  | {"usage":{"prompt_tokens":1200,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":0}}} | 1200  | 1024   | 0     | 300  | 0
        openai chat reasoning    | {"usage":{"prompt_tokens":500,"completion_tokens":2000,"completion_tokens_details":{"reasoning_tokens":1500}}}                                             | 500   | 0      | 0     | 2000 | 1500
        openai responses         | {"usage":{"input_tokens":3000,"input_tokens_details":{"cached_tokens":2048},"output_tokens":400,"output_tokens_details":{"reasoning_tokens":100}}}         | 3000  | 2048   | 0     | 400  | 100
        anthropic messages       | {"usage":{"input_tokens":50,"cache_creation_input_tokens":2000,"cache_read_input_tokens":10000,"output_tokens":500}}                                      | 12050 | 10000  | 2000  | 500  | 0
        anthropic without cache  | {"usage":{"input_tokens":50,"output_tokens":5}}                                                                                                           | 50    | 0      | 0     | 5    | 0
        openai chat cache write  | {"usage":{"prompt_tokens":4000,"completion_tokens":10,"prompt_tokens_details":{"cached_tokens":1000,"cache_write_tokens":2500}}}                            | 4000  | 1000   | 2500  | 10   | 0
        openai responses write   | {"usage":{"input_tokens":900,"input_tokens_details":{"cache_write_tokens":800},"output_tokens":9}}                                                          | 900   | 0      | 800   | 9    | 0
        gemini thoughts + cache  | {"usageMetadata":{"promptTokenCount":12000,"cachedContentTokenCount":8000,"candidatesTokenCount":300,"thoughtsTokenCount":1200,"totalTokenCount":13500}}   | 12000 | 8000   | 0     | 1500 | 1200
        gemini in usage          | {"usage":{"promptTokenCount":40,"candidatesTokenCount":7,"totalTokenCount":47}}                                                                           | 40    | 0      | 0     | 7    | 0
        gemini tool-use prompt   | {"usageMetadata":{"promptTokenCount":100,"toolUsePromptTokenCount":25,"candidatesTokenCount":5}}                                                          | 125   | 0      | 0     | 5    | 0
        gemini zeros omitted     | {"usageMetadata":{"promptTokenCount":3}}                                                                                                                  | 3     | 0      | 0     | 0    | 0
        bedrock converse cache   | {"usage":{"inputTokens":13,"outputTokens":200,"totalTokens":1717,"cacheReadInputTokens":1504,"cacheWriteInputTokens":0}}                                  | 1517  | 1504   | 0     | 200  | 0
        bedrock converse write   | {"usage":{"inputTokens":20,"outputTokens":5,"cacheWriteInputTokens":1000}}                                                                                | 1020  | 0      | 1000  | 5    | 0
        """)
    void normalisesEveryShape(String shape, String json, long in, long cached, long write, long out, long reason)
            throws Exception {
        UsageReader.Result result = read(json);
        assertEquals(List.of(), result.problems(), shape);
        assertEquals(new TokenUsage(in, cached, write, out, reason), result.tokens(), shape);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        {"outputTokens":1}                                                                   | inputTokens
        {"inputTokens":-1,"outputTokens":1}                                                  | inputTokens
        {"inputTokens":1.5,"outputTokens":1}                                                 | inputTokens
        {"inputTokens":5,"cachedInputTokens":6,"outputTokens":1}                             | cachedInputTokens
        {"inputTokens":5,"outputTokens":1,"reasoningTokens":2}                               | reasoningTokens
        {"usage":{"prompt_tokens":5,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":6}}} | usage.prompt_tokens_details.cached_tokens
        {"usage":{"prompt_tokens":5,"completion_tokens":"x"}}                                | usage.completion_tokens
        {"usage":{"prompt_tokens":5,"input_tokens":5}}                                       | usage
        {"usage":{"total_tokens":5}}                                                         | usage
        {"usage":5}                                                                          | usage
        {"usage":{"prompt_tokens":5},"inputTokens":5,"outputTokens":1}                       | usage
        {"usage":{"input_tokens":5,"output_tokens":1,"input_tokens_details":3}}              | usage.input_tokens_details
        {"usageMetadata":{"promptTokenCount":5,"cachedContentTokenCount":6}}                 | usageMetadata.cachedContentTokenCount
        {"usageMetadata":{"promptTokenCount":"5"}}                                           | usageMetadata.promptTokenCount
        {"usageMetadata":{"promptTokenCount":5},"usage":{"prompt_tokens":5}}                 | usageMetadata
        {"usageMetadata":{"promptTokenCount":5},"inputTokens":5,"outputTokens":1}            | usageMetadata
        {"usage":{"promptTokenCount":5,"inputTokens":5}}                                     | usage
        {"usage":{"prompt_tokens":5,"outputTokens":5}}                                       | usage
        {"usage":{"inputTokens":5}}                                                          | usage.outputTokens
        {"usage":{"inputTokens":5,"outputTokens":1,"cacheReadInputTokens":-2}}               | usage.cacheReadInputTokens
        """)
    void namesTheOffendingField(String json, String field) throws Exception {
        UsageReader.Result result = read(json);
        assertFalse(result.ok());
        assertNull(result.tokens());
        assertEquals(field, result.problems().get(0).field(), () -> result.problems().toString());
    }
}
