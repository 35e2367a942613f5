package dev.finops.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.ingest.config.IngestConfig;
import dev.finops.ingest.repository.QuarantineRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Per-event ceilings (issue 18: one typo must not poison a month): an event above one is held in quarantine and
 * counted nowhere (no usage row, rollup or feed entry) until an admin releases it. The rest of a batch applies.
 */
@ApplicationScoped
public class Quarantine {

    private final long maxTokens;
    private final BigDecimal maxCostUsd;
    private final Pool pool;
    private final QuarantineRepository repository;
    private final ObjectMapper json;

    public Quarantine(IngestConfig config, Pool pool, QuarantineRepository repository, ObjectMapper json) {
        this.maxTokens = config.ceilings().maxTokens();
        this.maxCostUsd = config.ceilings().maxCostUsd();
        this.pool = pool;
        this.repository = repository;
        this.json = json;
    }

    /** Why an event is above a ceiling (naming the field and the ceiling), or null when it is within them. */
    public String breach(PricedEvent p) {
        long tokens = p.event().tokens().inputTokens() + p.event().tokens().outputTokens();
        if (tokens > maxTokens) {
            return "inputTokens + outputTokens = " + tokens + " is above the ceiling finops.ingest.ceilings.max-tokens"
                    + " = " + maxTokens;
        }
        if (p.costUsd() != null && p.costUsd().compareTo(maxCostUsd) > 0) {
            return "costUsd = " + p.costUsd().toPlainString() + " is above the ceiling"
                    + " finops.ingest.ceilings.max-cost-usd = " + maxCostUsd.toPlainString();
        }
        return null;
    }

    /** Holds the events above a ceiling, commits the others; answers every event in request order. */
    public Uni<List<IngestedEvent>> divert(List<PricedEvent> priced, boolean batch,
                                           Function<List<PricedEvent>, Uni<List<IngestedEvent>>> commit) {
        List<PricedEvent> within = new ArrayList<>();
        List<PricedEvent> held = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (PricedEvent p : priced) {
            String reason = breach(p);
            if (reason == null) {
                within.add(p);
            } else {
                held.add(p);
                reasons.add(reason);
            }
        }
        if (held.isEmpty()) {
            return commit.apply(priced);
        }
        return hold(held, reasons).chain(() -> commit.apply(within)).map(stored -> {
            List<IngestedEvent> answers = new ArrayList<>(priced.size());
            int w = 0;
            int h = 0;
            for (PricedEvent p : priced) {
                answers.add(within.size() > w && within.get(w) == p ? stored.get(w++)
                        : IngestedEvent.quarantined(p.event().eventId(), reasons.get(h++)));
            }
            return answers;
        });
    }

    private Uni<Void> hold(List<PricedEvent> held, List<String> reasons) {
        return pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < held.size(); i++) {
                PricedEvent p = held.get(i);
                String reason = reasons.get(i);
                chain = chain.chain(() -> repository.hold(tx, p.event().teamId(), p.event().eventId(), write(p),
                        reason, p.costUsd()));
            }
            return chain;
        });
    }

    private String write(PricedEvent p) {
        try {
            return json.writeValueAsString(p.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a usage event could not be written as JSON", e);
        }
    }
}
