package dev.finops.e2e.demo;

/** Counters of one demo run, as the workload saw them. */
final class Stats {
    int reported;
    int lookups;
    int hits;
    int semanticHits;
    int routingDecisions;
    int routedCheaper;
    int refused;
    final java.util.Set<String> refusedTeams = new java.util.TreeSet<>();
    /** Per agent that calls through the gateway. */
    final java.util.Map<String, GatewayCounts> gateway = new java.util.TreeMap<>();

    /** What a gateway agent saw in the answers' status and X-FinOps-* headers. */
    static final class GatewayCounts {
        int answered;
        int cacheHits;
        int routedCheaper;
        int budgetRefused;
        int rateLimited;
        int failed;
    }

    void gateway(String agent, int status, String shouldRetry, String cache, String servedModel, String requested) {
        GatewayCounts c = gateway.computeIfAbsent(agent, a -> new GatewayCounts());
        if (status == 200) {
            c.answered++;
            c.cacheHits += "hit".equals(cache) ? 1 : 0;
            c.routedCheaper += servedModel != null && !servedModel.equals(requested) ? 1 : 0;
        } else if (status == 429 && "false".equals(shouldRetry)) {
            c.budgetRefused++; // a hard cap: the SDKs do not retry it
        } else if (status == 429) {
            c.rateLimited++;
        } else {
            c.failed++;
        }
    }

    void reported() {
        reported++;
    }

    void lookup(boolean hit, boolean semantic) {
        lookups++;
        hits += hit ? 1 : 0;
        semanticHits += semantic ? 1 : 0;
    }

    void routed(boolean cheaper) {
        routingDecisions++;
        routedCheaper += cheaper ? 1 : 0;
    }

    void refused(String team) {
        refused++;
        refusedTeams.add(team);
    }
}
