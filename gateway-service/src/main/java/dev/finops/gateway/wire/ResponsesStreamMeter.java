package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Responses: typed events. completed, incomplete and failed are all terminal and all carry the response with its
 * usage: each is billable (a relay that read usage only from completed billed cut-short responses at $0). failed
 * also sets error() to the response's error code; an {@code error} event sets it to the event's code.
 */
final class ResponsesStreamMeter extends StreamMeterBase {

    @Override
    public boolean onFrame(SseFrame frame) {
        JsonNode event = WireJson.readProvider(frame.data());
        String type = type(frame, event);
        if (type == null) {
            if (event != null && WireJson.present(event.get("error"))) {
                failed(event.get("error"));
            }
            return true;
        }
        switch (type) {
            case "response.output_text.delta" -> answer(WireJson.text(event, "delta"));
            case "response.refusal.delta", "response.function_call_arguments.delta",
                    "response.custom_tool_call_input.delta", "response.reasoning_text.delta",
                    "response.reasoning_summary_text.delta" -> generated(WireJson.text(event, "delta"));
            case "response.completed", "response.incomplete" -> terminal(event);
            case "response.failed" -> {
                terminal(event);
                JsonNode error = event == null ? null : event.path("response").get("error");
                failed(WireJson.present(error) ? error : TextNode.valueOf("response.failed"));
            }
            // the error event is flat ({"type":"error","code",…}); some providers nest it under "error"
            case "error" -> failed(event != null && event.has("error") ? event.get("error") : event);
            default -> {
                // created, in_progress, output_item/content_part added and done, keepalive…: no tokens
            }
        }
        return true;
    }

    private void terminal(JsonNode event) {
        finish();
        usage(ProviderUsage.fromResponse(WireApi.RESPONSES, WireJson.object(event, "response")));
    }
}
