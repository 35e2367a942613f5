package dev.finops.e2e;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fault tests' figures: printed, and written to target/reliability-figures.json for docs/reliability.md. */
final class Figures {

    private static final List<Map<String, Object>> ALL = new ArrayList<>();

    private Figures() {
    }

    static synchronized void add(String test, Map<String, Object> figures) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("test", test);
        row.putAll(figures);
        ALL.add(row);
        System.out.println("RELIABILITY " + test + " " + figures);
        write();
    }

    private static void write() {
        Path file = Path.of(System.getProperty("finops.e2e.figures", "target/reliability-figures.json"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("measuredAt", Instant.now().toString());
        doc.put("commit", commit());
        doc.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        doc.put("faults", ALL);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Http.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty")
                    .directory(Path.of(System.getProperty("finops.e2e.root", "..")).toFile()).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
