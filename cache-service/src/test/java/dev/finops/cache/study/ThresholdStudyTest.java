package dev.finops.cache.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.finops.cache.PricingStub;
import dev.finops.testing.IngestStub;
import dev.finops.cache.embedding.LocalOnnxEmbedder;
import dev.finops.cache.service.FactGuard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The threshold study: precision, recall and false-hit rate of a cache hit at cosine thresholds 0.80–0.98 on the MRPC
 * test split (1,725 human-labelled sentence pairs, ../shared/data beside the repository), for each candidate model,
 * with and without {@link FactGuard}. Writes target/threshold-study.md and fails when README.md's table no longer
 * matches the measurement (so the README stays true) or when the guard stops removing false hits.
 * Re-run: {@code ./mvnw -B -q install -pl cache-service -Dtest=ThresholdStudyTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * A {@code @QuarkusTest} only so it shares the JVM's native embedding libraries with the service's tests.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class ThresholdStudyTest {

    static final double DEFAULT_THRESHOLD = 0.92;

    record Pair(boolean paraphrase, String a, String b) {
    }

    record Row(String model, double threshold, boolean guarded, int hits, int falseHits, int positives, int negatives) {
        double precision() {
            return hits == 0 ? 1.0 : (hits - falseHits) / (double) hits;
        }

        double recall() {
            return (hits - falseHits) / (double) positives;
        }

        double falseHitRate() {
            return hits == 0 ? 0.0 : falseHits / (double) hits;
        }
    }

    record Candidate(String name, String artifact, Function<List<String>, List<float[]>> embedAll) {
    }

    @Test
    void theGuardRemovesFalseHitsAndTheReadmeTableIsCurrent() throws IOException {
        List<Pair> pairs = load(mrpc());
        List<String> texts = new ArrayList<>();
        pairs.forEach(p -> {
            texts.add(p.a());
            texts.add(p.b());
        });
        LocalOnnxEmbedder minilm = new LocalOnnxEmbedder(LocalOnnxEmbedder.Model.ALL_MINILM_L6_V2, Path.of("target/native"));
        LocalOnnxEmbedder bge = new LocalOnnxEmbedder(LocalOnnxEmbedder.Model.BGE_SMALL_EN_V15_Q, Path.of("target/native"));
        List<Candidate> candidates = List.of(
                new Candidate("minilm", minilm.modelName(), minilm::embedAll),
                new Candidate("bge-small-q", bge.modelName(), bge::embedAll));

        boolean[] guardOk = new boolean[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            guardOk[i] = FactGuard.conflict(pairs.get(i).a(), pairs.get(i).b()).isEmpty();
        }
        List<Row> rows = new ArrayList<>();
        StringBuilder notes = new StringBuilder();
        for (Candidate c : candidates) {
            c.embedAll().apply(List.of("warm up"));
            long start = System.nanoTime();
            List<float[]> vectors = c.embedAll().apply(texts);
            double ms = (System.nanoTime() - start) / 1e6 / texts.size();
            double[] sims = new double[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                sims[i] = LocalOnnxEmbedder.cosine(vectors.get(2 * i), vectors.get(2 * i + 1));
            }
            for (int t = 80; t <= 98; t += 2) {
                rows.add(row(c.name(), pairs, sims, guardOk, t / 100.0, false));
                rows.add(row(c.name(), pairs, sims, guardOk, t / 100.0, true));
            }
            notes.append(String.format(Locale.ROOT, "- %s (`%s`): %.1f ms/sentence in batch; mean cosine of paraphrase "
                    + "pairs %.3f, of non-paraphrase pairs %.3f%n", c.name(), c.artifact(), ms, mean(pairs, sims, true),
                    mean(pairs, sims, false)));
        }
        String table = table(rows) + "\n" + notes;
        Files.writeString(Path.of("target", "threshold-study.md"), table);
        System.out.println(table);

        Row guarded = find(rows, "minilm", DEFAULT_THRESHOLD, true);
        Row raw = find(rows, "minilm", DEFAULT_THRESHOLD, false);
        assertTrue(guarded.hits() > 0, "the default threshold must still hit some paraphrases");
        assertTrue(guarded.falseHits() * 3 <= raw.falseHits() * 2, "the guard must remove at least a third of the false "
                + "hits at " + DEFAULT_THRESHOLD + ": " + raw.falseHits() + " -> " + guarded.falseHits());
        assertReadmeMatches(rows);
    }

    private static Row row(String model, List<Pair> pairs, double[] sims, boolean[] guardOk, double threshold,
                           boolean guarded) {
        int hits = 0, falseHits = 0, positives = 0, negatives = 0;
        for (int i = 0; i < pairs.size(); i++) {
            boolean positive = pairs.get(i).paraphrase();
            positives += positive ? 1 : 0;
            negatives += positive ? 0 : 1;
            if (sims[i] >= threshold && (!guarded || guardOk[i])) {
                hits++;
                falseHits += positive ? 0 : 1;
            }
        }
        return new Row(model, threshold, guarded, hits, falseHits, positives, negatives);
    }

    private static double mean(List<Pair> pairs, double[] sims, boolean paraphrase) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).paraphrase() == paraphrase) {
                sum += sims[i];
                n++;
            }
        }
        return sum / n;
    }

    private static Row find(List<Row> rows, String model, double threshold, boolean guarded) {
        return rows.stream().filter(r -> r.model().equals(model) && r.guarded() == guarded
                && Math.abs(r.threshold() - threshold) < 1e-9).findFirst().orElseThrow();
    }

    /** README.md's table rows (model, threshold, guard, hits, false hits) match this run within 2 (ONNX float noise). */
    private static void assertReadmeMatches(List<Row> rows) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("\\| ([a-z-]+) \\| (0\\.\\d\\d) \\| (yes|no) \\| (\\d+) \\| (\\d+) \\|").matcher(readme);
        int compared = 0;
        while (m.find()) {
            Row r = find(rows, m.group(1), Double.parseDouble(m.group(2)), m.group(3).equals("yes"));
            int hits = Integer.parseInt(m.group(4));
            int falseHits = Integer.parseInt(m.group(5));
            if (Math.abs(hits - r.hits()) > 2 || Math.abs(falseHits - r.falseHits()) > 2) {
                fail("README.md's threshold table is stale at " + m.group(1) + " " + m.group(2) + " guard=" + m.group(3)
                        + ": README says " + hits + "/" + falseHits + ", measured " + r.hits() + "/" + r.falseHits()
                        + "; paste target/threshold-study.md into README.md");
            }
            compared++;
        }
        assertEquals(rows.size(), compared, "README.md must hold the whole table (see target/threshold-study.md)");
    }

    private static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | threshold | guard | hits | false hits | precision | false-hit rate | non-paraphrases served | recall |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %d | %d | %.1f %% | %.2f %% | %.2f %% | %.1f %% |%n",
                    r.model(), r.threshold(), r.guarded() ? "yes" : "no", r.hits(), r.falseHits(), 100 * r.precision(),
                    100 * r.falseHitRate(), 100.0 * r.falseHits() / r.negatives(), 100 * r.recall()));
        }
        return sb.toString();
    }

    /** The data set lives beside the repository (CI clones shared/ next to it); -Dfinops.mrpc overrides. */
    static Path mrpc() {
        Path p = Path.of(System.getProperty("finops.mrpc", "../../shared/data/mrpc-paraphrase-test.tsv"));
        if (!Files.isReadable(p)) {
            fail("MRPC data set not found at " + p.toAbsolutePath().normalize() + ": the repository expects shared/ "
                    + "beside it (../shared/data/mrpc-paraphrase-test.tsv from the repository root), or set -Dfinops.mrpc=<file>");
        }
        return p;
    }

    static List<Pair> load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Pair> pairs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length >= 5) {
                pairs.add(new Pair("1".equals(f[0].strip()), f[3], f[4]));
            }
        }
        if (pairs.size() < 1000) {
            fail("MRPC file " + file + " has only " + pairs.size() + " pairs; expected 1,725");
        }
        return pairs;
    }
}
