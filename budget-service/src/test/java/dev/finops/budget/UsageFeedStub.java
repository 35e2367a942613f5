package dev.finops.budget;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ingest's usage feed as a WireMock response transformer: pages of the entries tests appended, cursors
 * {@code 1-<position>}, the response shape of ingest's FeedResource. A failure can be armed for one cursor.
 */
public class UsageFeedStub implements ResponseDefinitionTransformerV2 {

    static final String NAME = "usage-feed";
    static final String PATH = "/api/v1/usage/feed";

    private static final List<String> ENTRIES = new ArrayList<>();
    private static final AtomicReference<String> FAIL_AFTER = new AtomicReference<>();

    /** A priced (or, with cost null, unpriced) usage entry. */
    public record Usage(String eventId, String teamId, Instant timestamp, BigDecimal costUsd, String agentId,
                        String environment, String runId) {

        static Usage of(String eventId, String teamId, Instant timestamp, String costUsd) {
            return new Usage(eventId, teamId, timestamp, costUsd == null ? null : new BigDecimal(costUsd), "agent-1",
                    "prod", null);
        }
    }

    static synchronized void append(Usage u) {
        add("usage", u, 10, 5);
    }

    /** A usage entry of a run with the given tokens. */
    static synchronized void appendRun(String teamId, String runId, long inputTokens, long outputTokens) {
        add("usage", new Usage(Api.unique("ev"), teamId, Instant.now(), new BigDecimal("0.01"), "agent-1", "prod", runId),
                inputTokens, outputTokens);
    }

    /** A revaluation entry: a cost correction (delta) for an earlier event. */
    static synchronized void revalue(Usage u) {
        add("revaluation", u, 0, 0);
    }

    static synchronized String lastCursor() {
        return ENTRIES.isEmpty() ? "" : cursor(ENTRIES.size());
    }

    /** The next read after {@code cursor} answers 500 until {@link #heal()}. */
    static void failAfter(String cursor) {
        FAIL_AFTER.set(cursor);
    }

    static void heal() {
        FAIL_AFTER.set(null);
    }

    private static void add(String kind, Usage u, long inputTokens, long outputTokens) {
        int position = ENTRIES.size() + 1;
        ENTRIES.add(String.format("{\"cursor\":\"%s\",\"kind\":\"%s\",\"eventId\":\"%s\",\"teamId\":\"%s\","
                        + "\"timestamp\":\"%s\",\"receivedAt\":\"%s\",\"agentId\":%s,\"environment\":%s,\"model\":\"gpt-4o\",\"provider\":\"openai\","
                        + "\"runId\":%s,\"costUsd\":%s,\"priced\":%s,\"inputTokens\":%d,\"outputTokens\":%d}",
                cursor(position), kind, u.eventId(), u.teamId(), u.timestamp(), Instant.now(), quoted(u.agentId()),
                quoted(u.environment()), quoted(u.runId()),
                u.costUsd() == null ? "null" : u.costUsd().toPlainString(), u.costUsd() != null, inputTokens, outputTokens));
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static String cursor(int position) {
        return "1-" + position;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        QueryParameter afterParam = event.getRequest().queryParameter("after");
        QueryParameter limitParam = event.getRequest().queryParameter("limit");
        String after = afterParam.isPresent() ? afterParam.firstValue() : "";
        int limit = limitParam.isPresent() ? Integer.parseInt(limitParam.firstValue()) : 500;
        if (after.equals(FAIL_AFTER.get())) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(500).withBody("feed failure armed by test").build();
        }
        synchronized (UsageFeedStub.class) {
            int from = after.isEmpty() ? 0 : Integer.parseInt(after.substring(after.indexOf('-') + 1));
            int to = Math.min(ENTRIES.size(), from + limit);
            String body = "{\"events\":[" + String.join(",", ENTRIES.subList(from, to)) + "],\"nextCursor\":\""
                    + (to == 0 ? "" : cursor(to)) + "\",\"hasMore\":" + (to - from == limit) + "}";
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body).build();
        }
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
