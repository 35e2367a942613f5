package dev.finops.gateway.provider.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.gateway.provider.app.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The providers table. */
@ApplicationScoped
public class ProviderRepository {

    private static final String SELECT = """
            SELECT name, type, base_url, api_key, models, fallbacks::text AS fallbacks, timeout_ms, managed_by, updated_at
            FROM providers""";
    private static final TypeReference<Map<String, List<String>>> FALLBACKS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public ProviderRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<List<Provider>> all() {
        return pool.query(SELECT + " ORDER BY name").execute().map(rows -> {
            List<Provider> list = new ArrayList<>();
            rows.forEach(r -> list.add(provider(r)));
            return list;
        });
    }

    public Uni<Provider> find(SqlClient sql, String name) {
        return sql.preparedQuery(SELECT + " WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : provider(rows.iterator().next()));
    }

    /** Inserts or replaces; a null sealed key keeps the stored one (a PUT without apiKey). */
    public Uni<Provider> save(SqlClient sql, Provider p) {
        return sql.preparedQuery("""
                        INSERT INTO providers (name, type, base_url, api_key, models, fallbacks, timeout_ms)
                        VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
                        ON CONFLICT (name) DO UPDATE SET type = EXCLUDED.type, base_url = EXCLUDED.base_url,
                            api_key = COALESCE(EXCLUDED.api_key, providers.api_key), models = EXCLUDED.models,
                            fallbacks = EXCLUDED.fallbacks, timeout_ms = EXCLUDED.timeout_ms, updated_at = now()""")
                .execute(Tuple.tuple().addValue(p.name()).addValue(p.type()).addValue(p.baseUrl())
                        .addValue(p.sealedApiKey()).addValue(p.models().toArray(String[]::new))
                        // a JsonObject, not its encoded text: a String bound to jsonb is stored as a JSON string
                        .addValue(new JsonObject(new java.util.HashMap<>(p.fallbacks())))
                        .addValue(p.timeoutMs()))
                .chain(() -> find(sql, p.name()));
    }

    public Uni<Boolean> delete(SqlClient sql, String name) {
        return sql.preparedQuery("DELETE FROM providers WHERE name = $1").execute(Tuple.of(name))
                .map(r -> r.rowCount() > 0);
    }

    private Provider provider(Row r) {
        try {
            return new Provider(r.getString("name"), r.getString("type"), r.getString("base_url"),
                    r.getString("api_key"), Arrays.asList(r.getArrayOfStrings("models")),
                    json.readValue(r.getString("fallbacks"), FALLBACKS), r.getInteger("timeout_ms"),
                    r.getString("managed_by"), r.getOffsetDateTime("updated_at").toInstant());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("providers.fallbacks of " + r.getString("name") + " is not valid JSON", e);
        }
    }
}
