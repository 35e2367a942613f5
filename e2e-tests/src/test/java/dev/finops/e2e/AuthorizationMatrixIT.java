package dev.finops.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation of every service's OpenAPI document (and the gateway's provider routes) called with every kind of
 * key: admin, org reader, team A's reader, ingest and team-admin keys, team B's, no key and a revoked key. The rule
 * of each operation is in {@link MatrixRules}; an operation without a rule fails, so does a rule for an operation
 * no service has. Only health, metrics and the OpenAPI document itself (/q/...) are left out.
 */
@Order(2)
@ExtendWith(Suite.class)
class AuthorizationMatrixIT {

    record Cell(String row, Caller caller, Outcome expected, Http.Response got, boolean passed) {
    }

    static MatrixFixture fixture;

    @BeforeAll
    static void setUp() {
        fixture = MatrixFixture.setUp();
    }

    @AfterAll
    static void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyEndpointAnswersEveryKindOfKeyAsTheTenancyRuleSays() {
        long started = System.nanoTime();
        Map<String, MatrixRule> rules = MatrixRules.byKey(MatrixRules.of(fixture));
        Set<String> unused = new LinkedHashSet<>(rules.keySet());
        List<String> withoutRule = new ArrayList<>();
        Map<String, List<Cell>> rows = new LinkedHashMap<>();
        for (Operation op : operations()) {
            MatrixRule rule = rules.getOrDefault(op.service + " " + op.method + " " + op.template,
                    rules.get("* " + op.method + " " + op.template));
            if (rule == null) {
                withoutRule.add(op.service + " " + op.method + " " + op.template);
                continue;
            }
            unused.remove(rule.key());
            for (MatrixRule.Case c : rule.cases()) {
                String row = op.service + " " + op.method + " " + op.template
                        + (c.label().isEmpty() ? "" : " [" + c.label() + "]");
                rows.put(row, run(op.service, op.method, row, c));
            }
        }
        List<Cell> cells = rows.values().stream().flatMap(List::stream).toList();
        List<Cell> failed = cells.stream().filter(cell -> !cell.passed()).toList();
        String table = table(rows);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String summary = String.format("authorization matrix: %d operations, %d cells, %d passed, %d failed, %.1f s",
                rows.size(), cells.size(), cells.size() - failed.size(), failed.size(), took.toMillis() / 1000.0);
        write(summary + "\n" + table + failures(failed));
        System.out.println(summary);
        assertTrue(withoutRule.isEmpty(), "operations without a rule in MatrixRules (add one):\n"
                + String.join("\n", withoutRule));
        assertTrue(unused.isEmpty(), "rules for operations no service documents (remove or fix them):\n"
                + String.join("\n", unused));
        assertTrue(cells.size() > 900, "cells: " + cells.size());
        assertTrue(failed.isEmpty(), summary + "\n" + table + failures(failed));
    }

    record Operation(FinopsSuite.Service service, String method, String template) {
    }

    /** What the services document, less /q/..., plus the gateway's provider routes. */
    private static List<Operation> operations() {
        Set<Operation> ops = new LinkedHashSet<>();
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            Http.Response r = Http.get(Suite.get().url(s) + "/q/openapi?format=json", null);
            SuiteApi.expect(200, r);
            r.json().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(m) && !path.getKey().startsWith("/q/")) {
                    ops.add(new Operation(s, m.toUpperCase(), path.getKey()));
                }
            }));
        }
        MatrixRules.PROVIDER_ROUTES.forEach(route -> ops.add(new Operation(FinopsSuite.Service.gateway,
                route.substring(0, route.indexOf(' ')), route.substring(route.indexOf(' ') + 1))));
        return List.copyOf(ops);
    }

    private static List<Cell> run(FinopsSuite.Service service, String method, String row, MatrixRule.Case c) {
        List<Cell> cells = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            MatrixRule.Request req = c.request().apply(caller);
            Map<String, String> headers = new HashMap<>(req.headers());
            if (fixture.key(caller) != null) {
                headers.put("Authorization", "Bearer " + fixture.key(caller));
            }
            Http.Response got = Http.sendWithHeaders(method, Suite.get().url(service) + req.path(), headers,
                    req.body(), "application/json", Duration.ofSeconds(30));
            if (method.equals("POST") && req.path().equals("/api/v1/alert-channels") && got.status() == 201) {
                SuiteApi.deleteAtEnd(got.json().get("id").asText());
            }
            Outcome expected = c.expected().get(caller);
            cells.add(new Cell(row, caller, expected, got, expected.matches(got, c.leak() == null ? fixture.teamA : c.leak())));
        }
        return cells;
    }

    /** One line per operation and case: the status each key got, "!" where it is not what the rule expects. */
    private static String table(Map<String, List<Cell>> rows) {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10) + 1;
        StringBuilder b = new StringBuilder(String.format("%-" + width + "s", ""));
        for (Caller c : Caller.values()) {
            b.append(String.format("%7s", c.column));
        }
        b.append('\n');
        rows.forEach((row, cells) -> {
            b.append(String.format("%-" + width + "s", row));
            cells.forEach(cell -> b.append(String.format("%7s", (cell.passed() ? "" : "!") + cell.got().status())));
            b.append('\n');
        });
        return b.toString();
    }

    private static String failures(List<Cell> failed) {
        StringBuilder b = new StringBuilder(failed.isEmpty() ? "" : "\nfailing cells (expected, got):\n");
        failed.forEach(cell -> b.append(cell.row()).append(" with ").append(cell.caller()).append(": expected ")
                .append(cell.expected().label).append(", got ").append(cell.got()).append('\n'));
        return b.toString();
    }

    private static void write(String report) {
        try {
            Path out = Path.of(System.getProperty("finops.e2e.state-dir", "target/finops-e2e"))
                    .resolveSibling("authorization-matrix.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
