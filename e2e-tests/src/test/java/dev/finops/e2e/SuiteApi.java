package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the e2e tests do through the public APIs, written once. */
final class SuiteApi {

    /** Every key and webhook secret the tests created: none may appear in logs, responses or metrics. */
    static final java.util.Set<String> SECRETS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final List<String> CHANNELS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SuiteApi() {
    }

    /** A usage event id: a whole UUID, since the fault tests send tens of thousands (8 hex digits collided). */
    static String eventId() {
        return "ev-" + UUID.randomUUID();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String url(FinopsSuite.Service s, String path) {
        return Suite.get().url(s) + path;
    }

    static String admin() {
        return Suite.get().adminKey();
    }

    /**
     * A new key: {@code {id, key}}. A reader or team-admin key without a team is created with org scope (decision
     * 0019: such a key must say which).
     */
    static JsonNode newKey(String role, String teamId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("e2e-" + role));
        body.put("role", role);
        if (teamId != null) {
            body.put("teamId", teamId);
        } else if (role.equals("reader") || role.equals("team-admin")) {
            body.put("scope", "org");
        }
        Http.Response r = Http.post(url(ingest, "/api/v1/keys"), admin(), body);
        expect(201, r);
        SECRETS.add(r.json().get("key").asText());
        return r.json();
    }

    static String key(String role, String teamId) {
        return newKey(role, teamId).get("key").asText();
    }

    /** A model with its own rates (per 1,000 tokens), so costs can be computed independently. */
    static JsonNode putRate(String modelId, String input, String output) {
        Http.Response r = Http.put(url(pricing, "/api/v1/finops/valuation-rates"), admin(), Map.of(
                "modelId", modelId, "inputRatePerKTokens", new BigDecimal(input),
                "outputRatePerKTokens", new BigDecimal(output), "cachedInputRatePerKTokens", new BigDecimal(input),
                "reasoningRatePerKTokens", new BigDecimal(output)));
        expect(200, r);
        return r.json();
    }

    /** Waits until ingest-service's rate table holds this rate version (it polls pricing's changes). */
    static void awaitRateInIngest(long version) {
        await("ingest holds rate version " + version, Duration.ofSeconds(30), () -> Http.get(
                url(ingest, "/api/v1/usage/rate-table"), admin()).json().get("version").asLong() >= version);
    }

    static Map<String, Object> event(String eventId, String model, int in, int out, Map<String, Object> tags) {
        return UsageEvents.event(eventId, model, in, out, tags);
    }

    static JsonNode report(String key, List<Map<String, Object>> events) {
        Http.Response r = Http.post(url(ingest, "/api/v1/usage"), key, events);
        expect(200, r);
        return r.json();
    }

    static JsonNode budget(Map<String, Object> body) {
        Http.Response r = Http.post(url(budget, "/api/v1/budgets"), admin(), body);
        expect(201, r);
        return r.json();
    }

    /** A signed webhook channel for these alert types only (a catch-all would also get other tests' alerts). */
    static JsonNode webhookChannel(WebhookReceiver receiver, List<String> alertTypes) {
        SECRETS.add(receiver.secret());
        return channel(Map.of("name", unique("hook"), "type", "webhook", "url", receiver.url(),
                "secret", receiver.secret(), "alertTypes", alertTypes));
    }

    /** Creates an alert channel; {@link #deleteChannels()} removes it when the run ends. */
    static JsonNode channel(Map<String, Object> body) {
        if (!(body.get("alertTypes") instanceof List<?> types) || types.isEmpty()) {
            throw new IllegalArgumentException("name the alert types of a test channel");
        }
        Http.Response r = Http.post(url(budget, "/api/v1/alert-channels"), admin(), body);
        expect(201, r);
        CHANNELS.add(r.json().get("id").asText());
        return r.json();
    }

    /** A channel created some other way (e.g. by a team-admin key), deleted when the run ends too. */
    static void deleteAtEnd(String channelId) {
        CHANNELS.add(channelId);
    }

    /** The run's channels point at receivers that are gone afterwards: they must not outlive it. */
    static void deleteChannels() {
        CHANNELS.forEach(id -> Http.delete(url(budget, "/api/v1/alert-channels/" + id), admin()));
        CHANNELS.clear();
    }

    /** Feed entries of one team from the cursor on: every event ingest committed, in feed order. */
    static List<JsonNode> feedOfTeam(String after, String teamId) {
        List<JsonNode> mine = new ArrayList<>();
        String cursor = after;
        while (true) {
            Http.Response r = Http.get(url(ingest, "/api/v1/usage/feed?limit=1000"
                    + (cursor == null ? "" : "&after=" + cursor)), admin());
            expect(200, r);
            JsonNode page = r.json();
            page.get("events").forEach(e -> {
                if (teamId.equals(e.path("teamId").asText()) && "usage".equals(e.path("kind").asText())) {
                    mine.add(e);
                }
            });
            cursor = page.get("nextCursor").asText();
            if (!page.get("hasMore").asBoolean()) {
                return mine;
            }
        }
    }

    /** The feed's current end, to read only what a test adds after it. */
    static String feedHead() {
        String cursor = null;
        while (true) {
            JsonNode page = Http.get(url(ingest, "/api/v1/usage/feed?limit=1000"
                    + (cursor == null ? "" : "&after=" + cursor)), admin()).json();
            cursor = page.get("nextCursor").asText();
            if (!page.get("hasMore").asBoolean()) {
                return cursor;
            }
        }
    }

    static void expect(int status, Http.Response r) {
        if (r.status() != status) {
            throw new AssertionError("expected HTTP " + status + ", got " + r);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        awaitValue(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls until the supplier answers non-null; RuntimeExceptions count as "not yet". */
    static <T> T awaitValue(String what, Duration timeout, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = value.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    static void sleep(long millis) {
        Pause.millis(millis);
    }
}
