package dev.finops.pricing.repository;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.cost.ContextTier;
import dev.finops.cost.TierRates;
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
import java.util.Map;
import java.util.function.Function;

/** Rate versions: appended, never updated. */
@ApplicationScoped
public class RateRepository {

    private static final String COLUMNS = """
            version, model_id, provider, input_rate::text AS input_rate, output_rate::text AS output_rate,
            cached_input_rate::text AS cached_input_rate, cache_write_rate::text AS cache_write_rate,
            reasoning_rate::text AS reasoning_rate, cache_write_1h_rate::text AS cache_write_1h_rate,
            request_cost::text AS request_cost, search_query_cost::text AS search_query_cost, tiers::text AS tiers,
            currency, effective_from, source, source_url, source_fetched_at""";

    private static final String INSERT = """
            INSERT INTO valuation_rates (version, model_id, provider, input_rate, output_rate, cached_input_rate,
                                         cache_write_rate, reasoning_rate, currency, effective_from, source,
                                         cache_write_1h_rate, request_cost, search_query_cost, tiers, source_url,
                                         source_fetched_at)
            SELECT nextval('rate_version_seq'), r.* FROM unnest($1::text[], $2::text[], $3::text[]::numeric[],
                   $4::text[]::numeric[], $5::text[]::numeric[], $6::text[]::numeric[], $7::text[]::numeric[],
                   $8::text[], $9::text[]::timestamptz[], $10::text[], $11::text[]::numeric[], $12::text[]::numeric[],
                   $13::text[]::numeric[], $14::text[]::jsonb[], $15::text[], $16::text[]::timestamptz[]) AS r
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
                .addArrayOfString(column(rates, r -> r.source().wire()))
                .addArrayOfString(column(rates, r -> plain(r.cacheWrite1hRatePerKTokens())))
                .addArrayOfString(column(rates, r -> plain(r.requestCostUsd())))
                .addArrayOfString(column(rates, r -> plain(r.searchQueryCostUsd())))
                .addArrayOfString(column(rates, RateRepository::tiers))
                .addArrayOfString(column(rates, ValuationRate::sourceUrl))
                .addArrayOfString(column(rates, r -> r.sourceFetchedAt() == null ? null : r.sourceFetchedAt().toString()));
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
        Tiers tiers = readTiers(row.getString("tiers"));
        var fetched = row.getOffsetDateTime("source_fetched_at");
        return new ValuationRate(row.getString("model_id"), row.getString("provider"),
                decimal(row, "input_rate"), decimal(row, "output_rate"), decimal(row, "cached_input_rate"),
                decimal(row, "cache_write_rate"), decimal(row, "reasoning_rate"), decimal(row, "cache_write_1h_rate"),
                tiers.contextTiers(), tiers.serviceTiers(), decimal(row, "request_cost"),
                decimal(row, "search_query_cost"), row.getString("currency"),
                row.getOffsetDateTime("effective_from").toInstant(), row.getLong("version"),
                RateSource.parse(row.getString("source")), row.getString("source_url"),
                fetched == null ? null : fetched.toInstant());
    }

    /** The tiers column: context and service tiers, decimals as plain numbers (read back exactly). */
    record Tiers(List<ContextTier> contextTiers, Map<String, TierRates> serviceTiers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static String tiers(ValuationRate r) {
        if (r.contextTiers().isEmpty() && r.serviceTiers().isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new Tiers(r.contextTiers(), r.serviceTiers()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tiers of " + r.modelId() + " cannot be written", e);
        }
    }

    private static Tiers readTiers(String json) {
        if (json == null) {
            return new Tiers(List.of(), Map.of());
        }
        try {
            return JSON.readValue(json, Tiers.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tiers are unreadable: " + json, e);
        }
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
