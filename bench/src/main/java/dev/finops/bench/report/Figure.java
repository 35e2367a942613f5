package dev.finops.bench.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One measured figure: what, in which unit, min/median/max over its repetitions, the target (if the issue sets one)
 * and a note on how it was measured.
 */
public record Figure(String id, String section, String name, String unit, Spread value, Target target, String note) {

    public Figure withNote(String more) {
        return new Figure(id, section, name, unit, value, target, note == null || note.isEmpty() ? more : note + "; " + more);
    }

    /** null when the issue sets no target for this figure. */
    @JsonProperty
    public Boolean met() {
        return target == null ? null : target.metBy(value.median());
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == 0) {
            return "0"; // counts that must be zero (errors, missing events)
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
