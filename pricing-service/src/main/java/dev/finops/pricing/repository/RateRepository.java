package dev.finops.pricing.repository;

import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Rate versions: appended, never updated. */
@ApplicationScoped
public class RateRepository {

    private static final String COLUMNS = """
            version, model_id, provider, input_rate::text AS input_rate, output_rate::text AS output_rate,
            cached_input_rate::text AS cached_input_rate, cache_write_rate::text AS cache_write_rate,
            reasoning_rate::text AS reasoning_rate, currency, effective_from, source""";

    private static final String INSERT = """
            INSERT INTO valuation_rates (version, model_id, provider, input_rate, output_rate, cached_input_rate,
                                         cache_write_rate, reasoning_rate, currency, effective_from, source)
            SELECT nextval('rate_version_seq'), r.* FROM unnest($1::text[], $2::text[], $3::text[]::numeric[],
                   $4::text[]::numeric[], $5::text[]::numeric[], $6::text[]::numeric[], $7::text[]::numeric[],
                   $8::text[], $9::text[]::timestamptz[], $10::text[]) AS r
            RETURNING\s""" + COLUMNS;

    private final Pool pool;

    public RateRepository(Pool pool) {
        this.pool = pool;
    }

    /** Appends new versions (their {@code version} is ignored and assigned here) in the caller's transaction. */
    public Uni<List<ValuationRate>> insert(SqlConnection conn, List<ValuationRate> rates) {
        if (rates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(column(rates, ValuationRate::modelId))
                .addArrayOfString(column(rates, ValuationRate::provider))
                .addArrayOfString(column(rates, r -> plain(r.inputRatePerKTokens())))
                .addArrayOfString(column(rates, r -> plain(r.outputRatePerKTokens())))
                .addArrayOfString(column(rates, r -> plain(r.cachedInputRatePerKTokens())))
                .addArrayOfString(column(rates, r -> plain(r.cacheWriteRatePerKTokens())))
                .addArrayOfString(column(rates, r -> plain(r.reasoningRatePerKTokens())))
                .addArrayOfString(column(rates, ValuationRate::currency))
                .addArrayOfString(column(rates, r -> r.effectiveFrom().toString()))
                .addArrayOfString(column(rates, r -> r.source().wire()));
        return conn.preparedQuery(INSERT).execute(params).map(RateRepository::all);
    }

    /** Every version created after {@code version}, in version order. */
    public Uni<List<ValuationRate>> since(long version) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM valuation_rates WHERE version > $1 ORDER BY version")
                .execute(Tuple.of(version)).map(RateRepository::all);
    }

    private static List<ValuationRate> all(Iterable<Row> rows) {
        List<ValuationRate> rates = new ArrayList<>();
        rows.forEach(row -> rates.add(map(row)));
        return rates;
    }

    private static ValuationRate map(Row row) {
        return new ValuationRate(row.getString("model_id"), row.getString("provider"),
                decimal(row, "input_rate"), decimal(row, "output_rate"), decimal(row, "cached_input_rate"),
                decimal(row, "cache_write_rate"), decimal(row, "reasoning_rate"), row.getString("currency"),
                row.getOffsetDateTime("effective_from").toInstant(), row.getLong("version"),
                RateSource.parse(row.getString("source")));
    }

    private static BigDecimal decimal(Row row, String column) {
        String v = row.getString(column);
        return v == null ? null : new BigDecimal(v);
    }

    private static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    private static String[] column(List<ValuationRate> rates, Function<ValuationRate, String> f) {
        return rates.stream().map(f).toArray(String[]::new);
    }
}
