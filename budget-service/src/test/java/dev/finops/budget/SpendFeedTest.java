package dev.finops.budget;

import static dev.finops.budget.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.budget.UsageFeedStub.Usage;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.service.SpendRecorder;
import dev.finops.feed.FeedConsumer;
import dev.finops.feed.FeedCursorRepository;
import dev.finops.feed.UsageFeedClient;
import dev.finops.testing.UsageFeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

/** Spend from ingest's usage feed: periods in the budget's zone, scopes, crash safety, one active consumer. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class SpendFeedTest extends BudgetTestBase {

    @Inject
    BudgetConfig config;
    @Inject
    @RestClient
    UsageFeedClient feed;
    @Inject
    FeedCursorRepository cursors;
    @Inject
    SpendRecorder recorder;

    @Test
    void spendLandsInThePeriodOfTheEventsLocalTimeInEachBudgetsZone() {
        UUID berlin = UUID.fromString(Api.teamBudget(admin, team, "monthly", "Europe/Berlin", "100", null));
        UUID utc = UUID.fromString(Api.teamBudget(admin, team, "monthly", "UTC", "100", null));
        // 23:30 on 31 March in Berlin, then 00:30 on 1 April in Berlin (both still March in UTC)
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.parse("2026-03-31T21:30:00Z"), "1.25"));
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.parse("2026-03-31T22:30:00Z"), "2.5"));
        Feeds.drainAll(consumer);

        assertMoney(new BigDecimal("1.25"), spent(berlin, Instant.parse("2026-02-28T23:00:00Z")));
        assertMoney(new BigDecimal("2.5"), spent(berlin, Instant.parse("2026-03-31T22:00:00Z")));
        assertMoney(new BigDecimal("3.75"), spent(utc, Instant.parse("2026-03-01T00:00:00Z")));
    }

    @Test
    void aDailyBudgetAcrossTheFallBackNightKeepsTheWholeLongDayInOnePeriod() {
        UUID ny = UUID.fromString(Api.teamBudget(admin, team, "daily", "America/New_York", "10", null));
        // 1 Nov 2026 in New York runs from 04:00Z to 05:00Z next day (25 hours)
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.parse("2026-11-01T04:00:00Z"), "1"));
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.parse("2026-11-02T04:59:59Z"), "2"));
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.parse("2026-11-02T05:00:00Z"), "4"));
        Feeds.drainAll(consumer);

        assertMoney(new BigDecimal("3"), spent(ny, Instant.parse("2026-11-01T04:00:00Z")));
        assertMoney(new BigDecimal("4"), spent(ny, Instant.parse("2026-11-02T05:00:00Z")));
    }

    @Test
    void onlyCoveredEventsCountUnpricedOnesNotAndRevaluationsCorrect() {
        String prodOnly = Api.budget(admin, "{\"name\":\"" + unique("b") + "\",\"scope\":{\"team\":\"" + team
                + "\",\"environment\":\"prod\"},\"period\":\"daily\",\"amountUsd\":10}");
        UUID budget = UUID.fromString(prodOnly);
        Instant now = Instant.now();
        String ev = unique("ev");
        UsageFeedStub.append(Usage.of(ev, team, now, "0.0000000001"));
        UsageFeedStub.append(new Usage(unique("ev"), team, now, new BigDecimal("5"), "agent-1", "staging", null));
        UsageFeedStub.append(Usage.of(unique("ev"), unique("other-team"), now, "7"));
        UsageFeedStub.append(Usage.of(unique("ev"), team, now, null));
        UsageFeedStub.revalue(Usage.of(ev, team, now, "0.0000000002"));
        Feeds.drainAll(consumer);

        assertMoney(new BigDecimal("0.0000000003"), spent(budget, periodStart(budget, now)));
    }

    @Test
    void aBudgetCreatedMidPeriodStartsFromWhatItsPeriodAlreadySpentAndThenCountsOn() {
        Instant now = Instant.now();
        UsageFeedStub.append(Usage.of(unique("ev"), team, now, "4"));
        UsageFeedStub.append(new Usage(unique("ev"), team, now, new BigDecimal("3"), "agent-1", "staging", null));
        UsageFeedStub.append(Usage.of(unique("ev"), team, now.minus(Duration.ofDays(40)), "100"));  // an earlier month
        Feeds.drainAll(consumer);

        UUID prod = UUID.fromString(Api.budget(admin, "{\"name\":\"" + unique("late") + "\",\"scope\":{\"team\":\""
                + team + "\",\"environment\":\"prod\"},\"period\":\"monthly\",\"amountUsd\":100}"));
        UUID all = UUID.fromString(Api.teamBudget(admin, team, "monthly", "UTC", "100", null));
        assertMoney(new BigDecimal("4"), spent(prod, periodStart(prod, now)));
        assertMoney(new BigDecimal("7"), spent(all, periodStart(all, now)));

        UsageFeedStub.append(Usage.of(unique("ev"), team, now, "1"));
        Feeds.drainAll(consumer);
        assertMoney(new BigDecimal("5"), spent(prod, periodStart(prod, now)));
        assertMoney(new BigDecimal("8"), spent(all, periodStart(all, now)));

        // widening the scope recounts the period for the new scope
        Api.as(admin).body("{\"name\":\"" + unique("wide") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":100}").put("/api/v1/budgets/" + prod).then().statusCode(200);
        assertMoney(new BigDecimal("8"), spent(prod, periodStart(prod, now)));
    }

    @Test
    void aFeedFailureBetweenPagesKeepsTheCommittedPagesAndResumesWithoutDoubleCounting() {
        UUID budget = UUID.fromString(Api.teamBudget(admin, team, "monthly", "UTC", "1000", null));
        Instant now = Instant.now();
        String start = UsageFeed.lastCursor();
        for (int i = 1; i <= 10; i++) {
            UsageFeedStub.append(Usage.of(unique("ev"), team, now, BigDecimal.valueOf(i).movePointLeft(1).toPlainString()));
        }
        // batch size is 4: the page after the first one fails
        UsageFeed.failAfter("1-" + (Integer.parseInt(start.isEmpty() ? "0" : start.substring(2)) + 4));
        try {
            assertThrows(RuntimeException.class, () -> consumer.drain().await().atMost(Duration.ofSeconds(20)));
            assertMoney(new BigDecimal("1.0"), spent(budget, periodStart(budget, now)));  // 0.1 + 0.2 + 0.3 + 0.4
        } finally {
            UsageFeed.heal();
        }
        Feeds.drainAll(consumer);
        assertMoney(new BigDecimal("5.5"), spent(budget, periodStart(budget, now)));
        assertEquals(UsageFeed.lastCursor(), storedCursor());
    }

    @Test
    void aCrashInsideAPageRollsBackItsSpendTogetherWithTheCursor() {
        UUID budget = UUID.fromString(Api.teamBudget(admin, team, "monthly", "UTC", "1000", null));
        Instant now = Instant.now();
        UsageFeedStub.append(Usage.of(unique("ev"), team, now, "3"));
        UsageFeedStub.append(Usage.of(unique("ev"), team, now, "4"));
        String before = storedCursor();

        consumer.abandon().await().indefinitely();
        FeedConsumer crashing = replica((tx, entries) -> recorder.apply(tx, entries)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("process killed mid-page"))));
        try {
            assertThrows(IllegalStateException.class, () -> crashing.drain(10).await().indefinitely());
        } finally {
            crashing.abandon().await().indefinitely();
        }
        assertEquals(before, storedCursor());
        assertMoney(BigDecimal.ZERO, spent(budget, periodStart(budget, now)));

        Feeds.drainAll(consumer);
        assertMoney(new BigDecimal("7"), spent(budget, periodStart(budget, now)));
    }

    @Test
    void onlyTheLockHolderConsumesAndAnotherReplicaTakesOverWhenItDies() {
        UUID budget = UUID.fromString(Api.teamBudget(admin, team, "monthly", "UTC", "1000", null));
        Instant now = Instant.now();
        assertTrue(consumer.drain().await().indefinitely().leader());
        FeedConsumer other = replica(recorder);
        try {
            UsageFeedStub.append(Usage.of(unique("ev"), team, now, "2"));
            FeedConsumer.Drained standby = other.drain(10).await().indefinitely();
            assertFalse(standby.leader());
            assertEquals(0, standby.events());
            assertMoney(BigDecimal.ZERO, spent(budget, periodStart(budget, now)));

            consumer.abandon().await().indefinitely();  // the active replica dies: its session and lock go
            FeedConsumer.Drained takeover = other.drain(10).await().indefinitely();
            assertTrue(takeover.leader());
            assertEquals(1, takeover.events());
            assertMoney(new BigDecimal("2"), spent(budget, periodStart(budget, now)));
            assertFalse(consumer.drain().await().indefinitely().leader());
        } finally {
            other.abandon().await().indefinitely();
        }
        assertTrue(consumer.drain().await().indefinitely().leader());
    }

    private static void assertMoney(BigDecimal expected, BigDecimal actual) {
        assertEquals(0, expected.compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }

    private FeedConsumer replica(FeedConsumer.BatchHandler handler) {
        return new FeedConsumer(pool, feed, cursors, config.feed().consumer(), config.feed().batchSize(),
                "Bearer test-service-key", handler);
    }

    private Instant periodStart(UUID budget, Instant at) {
        return pool.preparedQuery("SELECT period, timezone FROM budgets WHERE id = $1").execute(Tuple.of(budget))
                .map(rows -> rows.iterator().next())
                .map(r -> BudgetPeriod.containing(PeriodKind.parse(r.getString("period")),
                        java.time.ZoneId.of(r.getString("timezone")), at).start())
                .await().indefinitely();
    }

    private BigDecimal spent(UUID budget, Instant periodStart) {
        return Feeds.spent(pool, budget, periodStart);
    }

    private String storedCursor() {
        return pool.preparedQuery("SELECT cursor FROM feed_cursors WHERE consumer = $1")
                .execute(Tuple.of(config.feed().consumer()))
                .map(rows -> rows.iterator().next().getString("cursor")).await().indefinitely();
    }
}
