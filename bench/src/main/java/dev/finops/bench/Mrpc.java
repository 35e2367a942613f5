package dev.finops.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The MRPC paraphrase test pairs ({label, sentence 1, sentence 2}) from ../shared/data beside the repository. */
final class Mrpc {

    private Mrpc() {
    }

    static List<String[]> pairs(Path root) throws Exception {
        Path file = Path.of(Bench.env("FINOPS_MRPC", root.resolve("../shared/data/mrpc-paraphrase-test.tsv").toString()));
        if (!Files.exists(file)) {
            throw new IllegalStateException("MRPC data not found at " + file + " (set FINOPS_MRPC)");
        }
        List<String[]> pairs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 5) {
                pairs.add(new String[] {f[0].strip(), f[3], f[4]});
            }
        }
        return pairs;
    }
}
