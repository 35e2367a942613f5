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
