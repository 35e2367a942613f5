package dev.finops.bench.suite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** JDBC connections to the benchmark database as a service's own role (fixtures, the raw limit, exact scans). */
public record Db(String host, int port, String database, String password) {

    public static Db fromEnvironment() {
        return new Db(env("FINOPS_PG_HOST", "127.0.0.1"), Integer.parseInt(env("FINOPS_PG_PORT", "5433")),
                env("FINOPS_DB_NAME", "finops"), env("FINOPS_DB_PASSWORD", "finops"));
    }

    public Connection connect(String service) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database,
                "finops_" + service, password);
    }

    /** Runs one statement as the service's role and answers the first column of the first row (or null). */
    public String scalar(String service, String sql) throws SQLException {
        try (Connection c = connect(service); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Drops the service's schema (the role owns it); scripts/db.sh recreates it empty and Flyway fills it at start. */
    public void dropSchema(String service) throws SQLException {
        try (Connection c = connect(service); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + service + " CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
