package dev.finops.anomaly.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "finops.anomaly")
public interface AnomalyConfig {

    Feed feed();

    Window window();

    Baseline baseline();

    /** A session is anomalous when its burn rate exceeds its agent's baseline by more than this factor. */
    @WithDefault("3.0")
    BigDecimal multiplier();

    /** Per-agent overrides of the multiplier, e.g. {@code finops.anomaly.agent-multiplier."batch-agent"=6}. */
    Map<String, BigDecimal> agentMultiplier();

    /** Fewer calls than this in the window never flag a session (one expensive call is not an incident). */
    @WithDefault("5")
    int minCalls();

    /** Less USD than this in the window never flags a session. */
    @WithDefault("0.01")
    BigDecimal minWindowUsd();

    /** How often data older than it is needed is deleted ("off" in tests). */
    @WithDefault("10m")
    String pruneInterval();

    /** Hourly spend older than this is deleted (detectors look back at most two weeks). */
    @WithDefault("35d")
    Duration spendRetention();

    Detectors detectors();

    Alerts alerts();

    interface Detectors {
        /** How often the detectors (and the session check's history) run ("off" in tests, which run them). */
        @WithDefault("30s")
        String interval();

        /** An open anomaly may resolve only once its ratio is at or below threshold x this factor (hysteresis). */
        @WithDefault("0.8")
        BigDecimal clearFactor();

        /** ... and has stayed there this long. */
        @WithDefault("10m")
        Duration resolveAfter();

        DailySpend dailySpend();

        AgentHourlyCost agentHourlyCost();

        TokensPerCall tokensPerCall();

        ErrorRate errorRate();

        WeeklyGrowth weeklyGrowth();
    }

    /** Today's (UTC) spend of the org, a team or an agent against its rolling 7-day daily average. */
    interface DailySpend {
        @WithDefault("true")
        boolean enabled();

        /** Fires above this multiple of the average (1.5 = 150%). */
        @WithDefault("1.5")
        BigDecimal threshold();

        /** Spend today below this never fires. */
        @WithDefault("1.00")
        BigDecimal minUsd();

        /** Days with spend among the previous 7 needed for an average. */
        @WithDefault("3")
        int minHistoryDays();
    }

    /** An agent's spend in the current or last hour against the mean of its active hours in the previous 7 days. */
    interface AgentHourlyCost {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("3.0")
        BigDecimal threshold();

        /** Hourly spend below this never fires. */
        @WithDefault("0.10")
        BigDecimal minUsd();

        /** Active hours in the previous 7 days needed for an average. */
        @WithDefault("3")
        int minActiveHours();
    }

    /** An agent's tokens per call in the current and last hour against its previous 7 days. */
    interface TokensPerCall {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("2.0")
        BigDecimal threshold();

        /** Calls needed, both recently and in the previous 7 days. */
        @WithDefault("20")
        int minCalls();
    }

    /** An agent's share of failed calls in the current and last hour. */
    interface ErrorRate {
        @WithDefault("true")
        boolean enabled();

        /** Fires above this share of failed calls (0.2 = 20%). */
        @WithDefault("0.2")
        BigDecimal maxRate();

        @WithDefault("20")
        int minCalls();
    }

    /** A team's or feature's spend in the last 7 days against the 7 days before. */
    interface WeeklyGrowth {
        @WithDefault("true")
        boolean enabled();

        /** Fires above this multiple of the previous week (1.3 = +30%). */
        @WithDefault("1.3")
        BigDecimal threshold();

        /** Previous-week spend below this never fires (growth from nothing is not news). */
        @WithDefault("1.00")
        BigDecimal minPreviousUsd();
    }

    interface Alerts {
        /** How often undelivered hand-overs are sent ("off" in tests, which send explicitly). */
        @WithDefault("5s")
        String interval();

        /** Wait after the first failed attempt; doubled after each further one. */
        @WithDefault("5s")
        Duration backoff();

        /** Longest wait between attempts: hand-overs are retried until budget-service takes them. */
        @WithDefault("10m")
        Duration maxBackoff();

        /** Hand-overs sent per sweep. */
        @WithDefault("50")
        int batchSize();
    }

    interface Feed {
        /** Name of this consumer's cursor; replicas share it, and only the one holding its lock consumes. */
        @WithDefault("anomaly-service")
        String consumer();

        /** Events asked for per page; each page is one transaction. */
        @WithDefault("500")
        int batchSize();

        /** How often the active consumer polls the feed ("off" disables polling, as in tests). */
        @WithDefault("500ms")
        String pollInterval();

        /** Pages read per poll before yielding. */
        @WithDefault("20")
        int maxBatchesPerPoll();
    }

    interface Window {
        /** Length of the sliding burn-rate window, whole minutes (events are bucketed per minute). */
        @WithDefault("15m")
        Duration length();

        /** Persisted minute buckets older than the window plus this are deleted. */
        @WithDefault("1h")
        Duration retention();
    }

    interface Baseline {
        /** Trailing period the automatic baseline is computed from. */
        @WithDefault("7d")
        Duration lookback();

        /** Hours with spend needed in the lookback before an automatic baseline exists. */
        @WithDefault("3")
        int minActiveHours();

        /** How often automatic baselines are recomputed ("off" in tests, which recompute explicitly). */
        @WithDefault("10m")
        String recomputeInterval();
    }
}
