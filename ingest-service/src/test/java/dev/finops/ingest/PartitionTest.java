package dev.finops.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.ingest.repository.PartitionRepository;
import dev.finops.ingest.service.PartitionMaintenance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class PartitionTest {

    @Inject
    PartitionMaintenance maintenance;

    @Inject
    PartitionRepository partitions;

    @Test
    void partitionsExistAheadOfToday() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int d = 0; d <= 7; d++) {
            assertTrue(exists(today.plusDays(d)), "partition of " + today.plusDays(d));
        }
    }

    @Test
    void aBackFilledDayGetsItsPartitionOnDemand() {
        Instant monthAgo = Instant.now().minus(33, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String key = Api.key("ingest", Api.unique("team"));
        Api.post(key, "{\"eventId\":\"" + Api.unique("ev") + "\",\"timestamp\":\"" + monthAgo
                + "\",\"model\":\"gpt-4o\",\"inputTokens\":10,\"outputTokens\":10}").statusCode(201);
        assertTrue(exists(LocalDate.ofInstant(monthAgo, ZoneOffset.UTC)));
    }

    @Test
    void partitionsPastRetentionAreDroppedAndOlderEventsRefused() {
        LocalDate ancient = LocalDate.now(ZoneOffset.UTC).minusDays(500);
        partitions.ensure(ancient).await().indefinitely();
        assertTrue(exists(ancient));

        maintenance.maintain().await().indefinitely();

        assertFalse(exists(ancient));
        String key = Api.key("ingest", Api.unique("team"));
        Api.post(key, "{\"eventId\":\"old\",\"timestamp\":\"" + ancient.atStartOfDay(ZoneOffset.UTC).toInstant()
                + "\",\"model\":\"gpt-4o\",\"inputTokens\":1,\"outputTokens\":1}").statusCode(400)
                .body("errors.field", hasItem("timestamp")).body("status", equalTo(400));
    }

    private boolean exists(LocalDate day) {
        return partitions.exists(day).await().indefinitely();
    }
}
