package dev.finops.kubernetes;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code managed_by} column of a service table: null for objects created through the REST API, the
 * {@link ResourceOwner} for objects created from a resource. Table and key columns are constants of the caller.
 */
public final class OwnerColumn {

    private final String table;
    private final String[] keys;
    private final String where;

    public OwnerColumn(String table, String... keyColumns) {
        this(table, "true", keyColumns);
    }

    /** Only rows matching {@code filter} (SQL) are objects that can be managed, e.g. manual but not automatic ones. */
    public static OwnerColumn filtered(String table, String filter, String... keyColumns) {
        return new OwnerColumn(table, filter, keyColumns);
    }

    private OwnerColumn(String table, String filter, String[] keyColumns) {
        this.table = table;
        this.keys = keyColumns;
        this.where = IntStream.range(0, keyColumns.length).mapToObj(i -> keyColumns[i] + " = $" + (i + 1))
                .collect(Collectors.joining(" AND ", "(" + filter + ") AND ", ""));
    }

    /** REST writes: a 409 naming the resource when one manages the object (nothing when there is no object). */
    public Uni<Void> refuseIfManaged(SqlClient sql, String what, Object... key) {
        return sql.preparedQuery("SELECT managed_by FROM " + table + " WHERE " + where).execute(Tuple.from(key))
                .invoke(rows -> rows.forEach(r -> Ownership.refuseIfManaged(r.getString(0), what))).replaceWithVoid();
    }

    /** Resource writes: a 409 when the object exists and is the REST API's or another resource's. */
    public Uni<Void> claim(SqlClient sql, ResourceOwner owner, String what, Object... key) {
        return sql.preparedQuery("SELECT managed_by FROM " + table + " WHERE " + where).execute(Tuple.from(key))
                .invoke(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    Ownership.claim(row != null, row == null ? null : row.getString(0), owner.toString(), what);
                }).replaceWithVoid();
    }

    /** Marks the object as the resource's. */
    public Uni<Void> own(SqlClient sql, ResourceOwner owner, Object... key) {
        List<Object> params = new ArrayList<>(List.of(key));
        params.add(owner.toString());
        return sql.preparedQuery("UPDATE " + table + " SET managed_by = $" + params.size() + " WHERE " + where)
                .execute(Tuple.from(params)).replaceWithVoid();
    }

    /**
     * The key columns of the object the resource created, if any. Call it first in the transaction: it also locks
     * the owner until commit, because every replica reconciles the same resource, and the second must see the first's
     * object rather than race it into a duplicate.
     */
    public Uni<Optional<Row>> ownedBy(SqlClient sql, ResourceOwner owner) {
        return sql.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(owner.toString()))
                .chain(() -> sql.preparedQuery("SELECT " + String.join(", ", keys) + " FROM " + table
                        + " WHERE managed_by = $1").execute(Tuple.of(owner.toString())))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    /** Every resource that created an object in this table. */
    public Uni<List<ResourceOwner>> owners(SqlClient sql) {
        return sql.query("SELECT DISTINCT managed_by FROM " + table + " WHERE managed_by IS NOT NULL").execute()
                .map(rows -> {
                    List<ResourceOwner> owners = new ArrayList<>();
                    rows.forEach(r -> owners.add(ResourceOwner.parse(r.getString(0))));
                    return owners;
                });
    }
}
