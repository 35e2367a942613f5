package dev.finops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ingest's {@code POST /api/v1/usage}, served by {@link IngestStub} as a WireMock response transformer for the
 * services that report usage (the gateway's outbox). It answers as ingest does: 401 without this suite's service
 * key; a batch with any invalid event (eventId, timestamp, model or teamId missing) rejected whole with a 400
 * naming every bad index in {@code errors[].index}; otherwise 200 with one result per event, a replayed eventId
 * answered {@code duplicate: true}. It counts, per eventId, the requests it accepted that carried it.
 */
public class UsageIntake implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "usage-intake";
    public static final String PATH = "/api/v1/usage";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, AtomicInteger> DELIVERIES = new ConcurrentHashMap<>();
    private static final List<String> REQUIRED = List.of("eventId", "timestamp", "model", "teamId");

    /** Accepted requests (answered 200) that carried this eventId: 1 = delivered exactly once. */
    public static int deliveries(String eventId) {
        AtomicInteger n = DELIVERIES.get(eventId);
        return n == null ? 0 : n.get();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String auth = event.getRequest().getHeader("Authorization");
        if (!("Bearer " + IngestStub.SERVICE_KEY).equals(auth)) {
            return problem(401, "This endpoint needs an API key: send 'Authorization: Bearer <key>'.", null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(event.getRequest().getBodyAsString());
        } catch (IOException e) {
            return problem(400, "The body is not valid JSON.", null);
        }
        if (body == null || !body.isArray() || body.isEmpty() || body.size() > 1000) {
            return problem(body != null && body.size() > 1000 ? 413 : 400, "Send an array of 1 to 1,000 events.",
                    null);
        }
        ArrayNode errors = JSON.createArrayNode();
        for (int i = 0; i < body.size(); i++) {
            for (String field : REQUIRED) {
                JsonNode v = body.get(i).get(field);
                if (v == null || !v.isTextual() || v.textValue().isBlank()) {
                    errors.addObject().put("field", "[" + i + "]." + field).put("message", "is required")
                            .put("index", i);
                }
            }
        }
        if (!errors.isEmpty()) {
            return problem(400, "Some events are invalid; the batch was rejected whole, nothing was stored.", errors);
        }
        return accepted(body);
    }

    private static synchronized ResponseDefinition accepted(JsonNode batch) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode events = answer.putArray("events");
        int duplicates = 0;
        List<String> ids = new ArrayList<>();
        for (JsonNode e : batch) {
            String id = e.get("eventId").textValue();
            boolean duplicate = DELIVERIES.containsKey(id) || ids.contains(id);
            duplicates += duplicate ? 1 : 0;
            ids.add(id);
            events.addObject().put("eventId", id).putNull("costUsd").putNull("rateVersion").put("priced", false)
                    .put("duplicate", duplicate);
        }
        ids.stream().distinct()
                .forEach(id -> DELIVERIES.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
        answer.put("accepted", batch.size() - duplicates).put("duplicates", duplicates).put("costUsd", 0)
                .put("unpriced", batch.size());
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(answer.toString()).build();
    }

    private static ResponseDefinition problem(int status, String detail, ArrayNode errors) {
        ObjectNode p = JSON.createObjectNode().put("type", "about:blank").put("title", "Error").put("status", status)
                .put("detail", detail);
        if (errors != null) {
            p.set("errors", errors);
        }
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody(p.toString()).build();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
