package dev.finops.ingest.report;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every report reads the hourly rollups through this one query: sums over a range, optionally
 * per UTC day and per dimension. Dimension columns come from the enum, never from input.
 */
@ApplicationScoped
public class ReportRepository {

    private static final String SUMS = """
            sum(cost_usd)::text AS cost, sum(events) AS calls, sum(error_events) AS errors,
            sum(unpriced_events) AS unpriced, sum(input_tokens) AS input, sum(cached_input_tokens) AS cached,
            sum(cache_write_input_tokens) AS cache_write, sum(output_tokens) AS output,
            sum(reasoning_tokens) AS reasoning, sum(provisional_usd)::text AS provisional""";

    private final Pool pool;

    public ReportRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Aggregate>> sums(ReportQuery q, List<Dimension> groupBy, boolean byDay) {
        List<String> groups = new ArrayList<>();
        if (byDay) {
            groups.add("(date_trunc('day', hour AT TIME ZONE 'UTC'))::date");
        }
        groupBy.forEach(d -> groups.add(d.column));
        Tuple params = Tuple.of(q.from().atOffset(ZoneOffset.UTC), q.to().atOffset(ZoneOffset.UTC));
        StringBuilder where = new StringBuilder("hour >= $1 AND hour < $2");
        for (Map.Entry<Dimension, String> f : q.filters().entrySet()) {
            params.addString(f.getValue());
            where.append(" AND ").append(f.getKey().column).append(" = $").append(params.size());
        }
        String select = groups.isEmpty() ? "" : groups.stream().collect(Collectors.joining(", ")) + ", ";
        String grouping = groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups)
                + " ORDER BY " + String.join(", ", groups);
        String sql = "SELECT " + select + SUMS + " FROM usage_hourly WHERE " + where + grouping;
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<Aggregate> out = new ArrayList<>();
            for (Row r : rows) {
                if (r.getValue("calls") == null) {
                    continue;
                }
                Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
                int col = 0;
                LocalDate day = null;
                if (byDay) {
                    day = r.getLocalDate(col++);
                }
                for (Dimension d : groupBy) {
                    keys.put(d, r.getString(col++));
                }
                out.add(new Aggregate(day, keys, new BigDecimal(r.getString("cost")), r.getLong("calls"),
                        r.getLong("errors"), r.getLong("unpriced"), r.getLong("input"), r.getLong("cached"),
                        r.getLong("cache_write"), r.getLong("output"), r.getLong("reasoning"),
                        new BigDecimal(r.getString("provisional"))));
            }
            return out;
        });
    }
}
