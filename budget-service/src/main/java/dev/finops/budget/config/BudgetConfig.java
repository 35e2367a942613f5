package dev.finops.budget.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "finops.budget")
public interface BudgetConfig {

    Feed feed();

    Check check();

    /** How often each replica reloads budgets and current-period spend into memory for checks and gauges. */
    @WithDefault("1s")
    Duration snapshotRefresh();

    /** How often each replica looks for blocked budgets that entered a new period (fires the reset alert). */
    @WithDefault("60s")
    String resetSweep();

    /**
     * Refuse a budget check (422) naming a model that pricing-service has no rate for, so unpriced spend cannot start
     * (env FINOPS_BUDGET_REFUSE_UNPRICED). Off: such calls are allowed and their usage is valued provisionally.
     */
    @WithDefault("false")
    boolean refuseUnpriced();

    /** At most this many budgets get a finops_budget_spend_ratio series, keeping label values bounded. */
    @WithDefault("1000")
    int maxSpendGauges();

    /** Key that encrypts alert-channel secrets at rest (set FINOPS_CHANNEL_SECRET_KEY in production). */
    String channelSecretKey();

    Delivery delivery();

    Alerts alerts();

    interface Alerts {
        /** Hosts (as written in channel URLs) that may be loopback or link-local, e.g. a local test receiver. */
        java.util.Optional<java.util.List<String>> allowedHosts();

        /** Allow every destination, loopback and metadata included (development only). */
        @WithDefault("false")
        boolean allowPrivate();

        /**
         * How often active conditions are re-sent to Alertmanager channels (each with endsAt = now + 4 of these, as
         * Prometheus does) and budget conditions are checked for their end.
         */
        @WithDefault("1m")
        Duration resendInterval();

        /** The schedule of that sweep: the re-send interval, or "off" (tests run it explicitly). */
        @WithDefault("1m")
        String sweep();

        Links links();
    }

    /** Where an alert's generatorURL (Alertmanager) and links point: a console page, or the API resource. */
    interface Links {
        /** A budget's page; {budgetId} is replaced. */
        @WithDefault("http://localhost:8083/api/v1/budgets/{budgetId}")
        String budget();

        /** An anomaly's page; {anomalyId} is replaced. */
        @WithDefault("http://localhost:8084/api/v1/finops/anomalies/{anomalyId}")
        String anomaly();
    }

    interface Delivery {
        /** Attempts before a delivery is dead-lettered. */
        @WithDefault("10")
        int maxAttempts();

        /** Waits after each failed attempt (last one repeats), each with +-20% jitter, capped at 24 h. */
        @WithDefault("5s,5m,30m,2h,6h,12h,24h")
        java.util.List<Duration> backoff();

        /** Timeout of one delivery request. */
        @WithDefault("10s")
        Duration timeout();

        /** Deliveries claimed per sweep. */
        @WithDefault("50")
        int batchSize();

        /** How often due deliveries are sent ("off" in tests, which send explicitly). */
        @WithDefault("1s")
        String interval();

        /** PagerDuty Events API v2 endpoint, for channels that do not set their own URL. */
        @WithDefault("https://events.pagerduty.com/v2/enqueue")
        String pagerdutyUrl();
    }

    interface Feed {
        /** Name of this consumer's cursor; replicas share it, and only the one holding its lock consumes. */
        @WithDefault("budget-service")
        String consumer();

        /** Events asked for per page; each page is one transaction. */
        @WithDefault("500")
        int batchSize();

        /** How often the active consumer polls the feed ("off" disables polling, as in tests). */
        @WithDefault("1s")
        String pollInterval();

        /** Pages read per poll before yielding. */
        @WithDefault("20")
        int maxBatchesPerPoll();
    }

    interface Check {
        /** How long a check's reservation holds headroom when no matching usage event arrives. */
        @WithDefault("10m")
        Duration reservationTtl();

        /** How often expired reservations are released. */
        @WithDefault("30s")
        String expirySweep();

        /** Size of a lease (headroom a replica reserves per budget and period) in % of the hard limit; 0 = none. */
        @WithDefault("1")
        double leasePercent();

        /** Leases only while spent + reserved stay within (100 - this) % of the hard limit; nearer, checks reserve. */
        @WithDefault("10")
        double exactWithinPercent();

        /** How long a replica answers checks from one lease before it must be renewed. */
        @WithDefault("10s")
        Duration leaseTtl();

        /** How long what a lease allowed stays reserved after it ends, for calls whose usage is still to come. */
        @WithDefault("60s")
        Duration leaseSettle();
    }
}
