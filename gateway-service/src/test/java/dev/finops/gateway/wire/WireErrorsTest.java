package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireErrorsTest {

    private static String text(Buffer buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void openAiBodyAlwaysHasAllFourKeys() {
        assertEquals("{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}",
                text(WireErrors.body(WireApi.CHAT, 400, null, "context_length_exceeded", "messages",
                        "This model's maximum context length is 128000 tokens.")));
        assertEquals("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":null}}", text(WireErrors.body(WireApi.RESPONSES, 400, null, null, null, "bad")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
            400, invalid_request_error, null
            401, invalid_request_error, invalid_api_key
            402, insufficient_quota,    insufficient_quota
            403, invalid_request_error, null
            404, invalid_request_error, null
            413, invalid_request_error, null
            415, invalid_request_error, null
            429, tokens,                rate_limit_exceeded
            500, server_error,          null
            503, server_error,          null
            """)
    void openAiDefaultsByStatus(int status, String type, String code) {
        String codeJson = code == null ? "null" : "\"" + code + "\"";
        assertEquals("{\"error\":{\"message\":\"m\",\"type\":\"" + type + "\",\"param\":null,\"code\":" + codeJson
                + "}}", text(WireErrors.body(WireApi.CHAT, status, null, null, null, "m")));
    }

    @Test
    void aGivenTypeKeepsItsOwnCode() {
        assertEquals("{\"error\":{\"message\":\"over budget\",\"type\":\"budget_exceeded\",\"param\":null,"
                + "\"code\":null}}", text(WireErrors.body(WireApi.CHAT, 429, "budget_exceeded", null, null,
                "over budget")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            400, invalid_request_error
            401, authentication_error
            402, billing_error
            403, permission_error
            404, not_found_error
            413, request_too_large
            422, invalid_request_error
            429, rate_limit_error
            500, api_error
            503, api_error
            504, timeout_error
            529, overloaded_error
            """)
    void anthropicDefaultsByStatus(int status, String type) {
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}",
                text(WireErrors.body(WireApi.MESSAGES, status, null, "ignored", "ignored", "m")));
    }

    @Test
    void aMissingMessageIsGeneric() {
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"The gateway could not "
                + "complete the request.\"}}", text(WireErrors.body(WireApi.MESSAGES, 529, null, null, null, null)));
    }

    @Test
    void streamFramesInEachShape() {
        assertEquals("data: {\"error\":{\"message\":\"Budget exhausted\",\"type\":\"budget_exceeded\",\"param\":null,"
                + "\"code\":null}}\n\n", text(WireErrors.streamFrame(WireApi.CHAT, "budget_exceeded",
                "Budget exhausted")));
        assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n", text(WireErrors.streamFrame(WireApi.MESSAGES, "overloaded_error",
                "Overloaded")));
        assertEquals("data: {\"error\":{\"message\":\"x\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n",
                text(WireErrors.streamFrame(WireApi.RESPONSES, null, "x")));
    }

    @Test
    void streamFramesAreReadBackAsErrorsByTheMeters() {
        for (WireApi api : List.of(WireApi.CHAT, WireApi.RESPONSES, WireApi.MESSAGES)) {
            StreamMeter meter = StreamMeter.of(api, true);
            SseParser parser = new SseParser();
            parser.feed(WireErrors.streamFrame(api, "budget_exceeded", "Budget exhausted")).forEach(meter::onFrame);
            assertEquals("budget_exceeded", meter.error(), api.name());
        }
    }

    @Test
    void messagesAreEscapedJson() {
        assertEquals("{\"error\":{\"message\":\"say \\\"hi\\\"\\n\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":null}}", text(WireErrors.body(WireApi.CHAT, 400, null, null, null, "say \"hi\"\n")));
    }
}
