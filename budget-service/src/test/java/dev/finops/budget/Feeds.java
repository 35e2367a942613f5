package dev.finops.budget;

import dev.finops.budget.service.BudgetFeedConsumer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Test helpers around the feed consumer and the spend it records. */
final class Feeds {

    private Feeds() {
    }

    /** Consumes everything the feed stub holds (tests disable the poller, so nothing else races). */
    static void drainAll(BudgetFeedConsumer consumer) {
        for (int i = 0; i < 100; i++) {
            if (consumer.drain().await().atMost(Duration.ofSeconds(30)).events() == 0) {
                return;
            }
        }
        throw new AssertionError("the feed did not drain");
    }

    /** Headroom reserved in a budget's periods (checks' reservations and leases), exactly as stored. */
    static BigDecimal reserved(Pool pool, UUID budget) {
        return pool.preparedQuery("SELECT coalesce(sum(reserved_usd), 0)::text AS r FROM budget_periods WHERE budget_id = $1")
                .execute(Tuple.of(budget)).map(rows -> new BigDecimal(rows.iterator().next().getString("r")))
                .await().indefinitely();
    }

    /** Recorded spend of a budget's period, exactly as stored; zero when no row exists. */
    static BigDecimal spent(Pool pool, UUID budget, Instant periodStart) {
        return pool.preparedQuery("SELECT spent_usd::text AS s FROM budget_periods WHERE budget_id = $1 AND period_start = $2")
                .execute(Tuple.of(budget, periodStart.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().hasNext() ? new BigDecimal(rows.iterator().next().getString("s"))
                        : BigDecimal.ZERO)
                .await().indefinitely();
    }
}
