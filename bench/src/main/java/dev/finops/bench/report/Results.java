package dev.finops.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run produced: the machine and run facts, the figures, and remarks per section. */
public final class Results {

    private final Map<String, Object> run = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, List<String>> remarks = new LinkedHashMap<>();

    public void fact(String name, Object value) {
        run.put(name, value);
    }

    public Figure add(Figure figure) {
        figures.add(figure);
        System.out.printf("bench: %-28s %-44s median %s %s (min %s, max %s, n=%d)%s%n", figure.section(),
                figure.name(), Figure.format(figure.value().median()), figure.unit(),
                Figure.format(figure.value().min()), Figure.format(figure.value().max()),
                figure.value().repetitions(),
                figure.target() == null ? "" : "  target " + figure.target().text() + (figure.met() ? " met" : " MISSED"));
        return figure;
    }

    public void remark(String section, String text) {
        remarks.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
        System.out.println("bench: " + section + ": " + text);
    }

    public Map<String, Object> getRun() {
        return run;
    }

    public List<Figure> getFigures() {
        return figures;
    }

    public Map<String, List<String>> getRemarks() {
        return remarks;
    }
}
