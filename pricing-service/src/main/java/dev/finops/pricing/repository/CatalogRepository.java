package dev.finops.pricing.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** The marker rows that say a catalog was loaded, so it is loaded once. */
@ApplicationScoped
public class CatalogRepository {

    /** Claims the catalog's marker row; false when it was loaded before (or another replica is loading it now). */
    public Uni<Boolean> claim(SqlConnection conn, String name, LocalDate asOf, int models) {
        return conn.preparedQuery("INSERT INTO catalog_loads (name, as_of, models) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(name, asOf, models)).map(rows -> rows.rowCount() == 1);
    }
}
