package dev.finops.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ingest's usage feed, served by {@link IngestStub} as a WireMock response transformer: pages of the entries tests
 * appended, cursors {@code 1-<position>}, the response shape of ingest's FeedResource. A failure can be armed for
 * one cursor. What an entry holds is up to each service's tests; this class only pages them.
 */
public class UsageFeed implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "usage-feed";
    public static final String PATH = "/api/v1/usage/feed";

    private static final List<String> ENTRIES = new ArrayList<>();
    private static final AtomicReference<String> FAIL_AFTER = new AtomicReference<>();

    /** Appends an entry: a JSON object without its cursor, which is added here. */
    public static synchronized void append(String entry) {
        String object = entry.strip();
        if (!object.startsWith("{")) {
            throw new IllegalArgumentException("a feed entry is a JSON object: " + entry);
        }
        ENTRIES.add("{\"cursor\":\"" + cursor(ENTRIES.size() + 1) + "\"," + object.substring(1));
    }

    /** The cursor of the last entry appended ("" before the first). */
    public static synchronized String lastCursor() {
        return ENTRIES.isEmpty() ? "" : cursor(ENTRIES.size());
    }

    /** The next read after {@code cursor} answers 500 until {@link #heal()}. */
    public static void failAfter(String cursor) {
        FAIL_AFTER.set(cursor);
    }

    public static void heal() {
        FAIL_AFTER.set(null);
    }

    /** A JSON string, or null. */
    public static String json(String s) {
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
        synchronized (UsageFeed.class) {
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
