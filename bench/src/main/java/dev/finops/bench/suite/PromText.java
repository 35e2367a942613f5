package dev.finops.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The samples of one Prometheus text-format scrape (/q/metrics), looked up by name and labels. */
public final class PromText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PromText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PromText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PromText(samples);
    }

    /** The value of the first sample with this name that carries all the given labels ("k", "v", ...). */
    public OptionalDouble value(String name, String... labels) {
        for (Sample s : samples) {
            if (s.name().equals(name) && hasLabels(s, labels)) {
                return OptionalDouble.of(s.value());
            }
        }
        return OptionalDouble.empty();
    }

    /** The sum over every sample with this name that carries the given labels (e.g. a counter over all its series). */
    public double sum(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && hasLabels(s, labels))
                .mapToDouble(Sample::value).sum();
    }

    private static boolean hasLabels(Sample s, String[] labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] tail = line.substring(rest).strip().split("\\s+");
        return new Sample(name, labels, Double.parseDouble(tail[0]));
    }

    /** Reads k="v",... up to the closing brace; answers the index after it. */
    private static int labels(String line, int i, Map<String, String> into) {
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // after ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            into.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }
}
