package dev.finops.budget.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.budget.BudgetScope;
import dev.finops.budget.PeriodKind;
import dev.finops.budget.rest.BudgetRequest;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Turns a request into a {@link BudgetDraft}, or a 400 naming every offending field. */
final class BudgetValidator {

    static final List<BigDecimal> DEFAULT_ALERTS = List.of(BigDecimal.valueOf(80), BigDecimal.valueOf(95));
    private static final BigDecimal MAX_PERCENT = BigDecimal.valueOf(1000);
    private static final int MAX_TEXT = 200;

    private final List<FieldError> errors = new ArrayList<>();

    private BudgetValidator() {
    }

    static BudgetDraft validate(BudgetRequest r) {
        if (r == null) {
            throw ProblemException.badRequest("body", "send a budget as a JSON object");
        }
        return new BudgetValidator().check(r);
    }

    /**
     * As {@link #validate(BudgetRequest)}, then owned as the caller may own it: a team key's budget is scoped to its
     * team (filled in when the scope names none; 403 naming the key's team for another team or {@code "org"}).
     */
    static BudgetDraft validate(BudgetRequest r, TeamScope caller) {
        BudgetDraft d = validate(r);
        if (caller.orgWide()) {
            return d;
        }
        String team = caller.team().orElseThrow();
        if (r.scope() != null && r.scope().isTextual()) {
            throw new ProblemException(Response.Status.FORBIDDEN, "scope: this key is bound to team '" + team
                    + "' and cannot own an org-wide budget; leave scope.team out or set it to '" + team + "'",
                    List.of(new FieldError("scope.team", "must be '" + team + "' (the key's team)")));
        }
        BudgetScope owned = d.scope().withTeam(caller.resolve("scope.team", d.scope().team()));
        return new BudgetDraft(d.name(), owned, d.period(), d.timezone(), d.amountUsd(), d.alertAtPercent(),
                d.hardLimitPercent(), d.maxTokensPerRun(), d.enabled());
    }

    private BudgetDraft check(BudgetRequest r) {
        String name = text("name", r.name(), true);
        BudgetScope scope = scope(r.scope());
        PeriodKind period = period(r.period());
        ZoneId zone = zone(r.timezone());
        BigDecimal amount = amount(r.amountUsd());
        List<BigDecimal> alerts = alerts(r.alertAtPercent());
        BigDecimal hard = r.hardLimitPercent();
        if (hard != null && !percentInRange(hard)) {
            errors.add(new FieldError("hardLimitPercent", "must be greater than 0 and at most 1000 (e.g. 100 or 120)"));
        }
        if (r.maxTokensPerRun() != null && (r.maxTokensPerRun() <= 0 || r.maxTokensPerRun() > 1_000_000_000_000L)) {
            errors.add(new FieldError("maxTokensPerRun", "must be a whole number of tokens from 1 to 10^12"));
        }
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new ProblemException(Response.Status.BAD_REQUEST, detail, errors);
        }
        return new BudgetDraft(name, scope, period, zone, amount, alerts, hard == null ? null : plain(hard),
                r.maxTokensPerRun(), r.enabled() == null || r.enabled());
    }

    private String text(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "at most " + MAX_TEXT + " characters"));
        }
        return value.strip();
    }

    private BudgetScope scope(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().equals("org"))) {
            return BudgetScope.ORG;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("scope", "must be \"org\" or an object such as {\"team\":\"search\"}"));
            return BudgetScope.ORG;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String field = "scope." + f.getKey();
            if (!BudgetScope.DIMENSIONS.contains(f.getKey())) {
                errors.add(new FieldError(field, "unknown dimension; use " + String.join(", ", BudgetScope.DIMENSIONS)));
            } else if (!f.getValue().isTextual() || f.getValue().asText().isBlank()) {
                errors.add(new FieldError(field, "must be a non-empty string"));
            } else {
                values.put(f.getKey(), text(field, f.getValue().asText(), true));
            }
        }
        return BudgetScope.of(values);
    }

    private PeriodKind period(String value) {
        if (value == null) {
            errors.add(new FieldError("period", "is required: daily, weekly or monthly"));
            return null;
        }
        try {
            return PeriodKind.parse(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("period", e.getMessage()));
            return null;
        }
    }

    private ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            errors.add(new FieldError("timezone", "must be an IANA time zone such as Europe/Berlin or UTC"));
            return null;
        }
    }

    private BigDecimal amount(BigDecimal value) {
        if (value == null) {
            errors.add(new FieldError("amountUsd", "is required"));
        } else if (value.signum() <= 0) {
            errors.add(new FieldError("amountUsd", "must be greater than 0"));
        } else if (value.precision() - value.scale() > 15) {
            errors.add(new FieldError("amountUsd", "must be below 10^15"));
        } else {
            return plain(value);
        }
        return null;
    }

    private List<BigDecimal> alerts(List<BigDecimal> values) {
        if (values == null) {
            return DEFAULT_ALERTS;
        }
        TreeSet<BigDecimal> sorted = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            BigDecimal v = values.get(i);
            if (v == null || !percentInRange(v)) {
                errors.add(new FieldError("alertAtPercent[" + i + "]", "must be greater than 0 and at most 1000", i));
            } else {
                sorted.add(plain(v));
            }
        }
        if (values.size() > 20) {
            errors.add(new FieldError("alertAtPercent", "at most 20 thresholds"));
        }
        return List.copyOf(sorted);
    }

    /** Without trailing zeros and never in exponent form (1000, not 1E+3). */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static boolean percentInRange(BigDecimal v) {
        return v.signum() > 0 && v.compareTo(MAX_PERCENT) <= 0;
    }
}
