package dev.finops.anomaly;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ingest's usage feed as a WireMock response transformer (as in budget-service's tests): pages of the entries
 * tests appended, cursors {@code 1-<position>}, the response shape of ingest's FeedResource. A failure can
 * be armed for one cursor.
 */
public class UsageFeedStub implements ResponseDefinitionTransformerV2 {

    static final String NAME = "usage-feed";
    static final String PATH = "/api/v1/usage/feed";

    private static final List<String> ENTRIES = new ArrayList<>();
    private static final AtomicReference<String> FAIL_AFTER = new AtomicReference<>();

    /** One usage (or revaluation) entry; costUsd null = unpriced. */
    public record Usage(String kind, String eventId, String teamId, Instant timestamp, String agentId, String feature,
                        String sessionId, String runId, String status, long inputTokens, long outputTokens,
                        BigDecimal costUsd) {

        /** A successful call of a session. */
        static Usage call(String team, String agent, String session, Instant at, String costUsd, long in, long out) {
            return new Usage("usage", "ev-" + UUID.randomUUID(), team, at, agent, "feature-" + team, session, null, "ok",
                    in, out, costUsd == null ? null : new BigDecimal(costUsd));
        }

        Usage failed() {
            return new Usage(kind, eventId, teamId, timestamp, agentId, feature, sessionId, runId, "error", inputTokens,
                    outputTokens, costUsd);
        }

        Usage inRun(String run) {
            return new Usage(kind, eventId, teamId, timestamp, agentId, feature, null, run, status, inputTokens,
                    outputTokens, costUsd);
        }

        Usage inFeature(String f) {
            return new Usage(kind, eventId, teamId, timestamp, agentId, f, sessionId, runId, status, inputTokens,
                    outputTokens, costUsd);
        }

        /** A cost correction of this event: a delta, no tokens. */
        Usage revaluedBy(String deltaUsd) {
            return new Usage("revaluation", eventId, teamId, timestamp, agentId, feature, sessionId, runId, status, 0, 0,
                    new BigDecimal(deltaUsd));
        }
    }

    static synchronized void append(Usage u) {
        int position = ENTRIES.size() + 1;
        ENTRIES.add(String.format("{\"cursor\":\"%s\",\"kind\":\"%s\",\"eventId\":\"%s\",\"teamId\":%s,"
                        + "\"timestamp\":\"%s\",\"agentId\":%s,\"feature\":%s,\"environment\":\"prod\",\"model\":\"gpt-4o\","
                        + "\"provider\":\"openai\",\"sessionId\":%s,\"runId\":%s,\"status\":\"%s\",\"costUsd\":%s,"
                        + "\"priced\":%s,\"inputTokens\":%d,\"outputTokens\":%d,\"tags\":{}}",
                cursor(position), u.kind(), u.eventId(), quoted(u.teamId()), u.timestamp(), quoted(u.agentId()),
                quoted(u.feature()), quoted(u.sessionId()), quoted(u.runId()), u.status(),
                u.costUsd() == null ? "null" : u.costUsd().toPlainString(), u.costUsd() != null, u.inputTokens(),
                u.outputTokens()));
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
            return new ResponseDefinitionBuilder().withStatus(500).withBody("feed failure armed by test").build();
        }
        synchronized (UsageFeedStub.class) {
            int from = after.isEmpty() ? 0 : Integer.parseInt(after.substring(after.indexOf('-') + 1));
            int to = Math.min(ENTRIES.size(), from + limit);
            String body = "{\"events\":[" + String.join(",", ENTRIES.subList(from, to)) + "],\"nextCursor\":\""
                    + (to == 0 ? "" : cursor(to)) + "\",\"hasMore\":" + (to - from == limit) + "}";
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
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
