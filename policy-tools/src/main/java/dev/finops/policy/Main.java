package dev.finops.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./finops policy convert <policy file> [--prefix p] [--cache-namespace ns]}: Drako policies.finops as
 * finops.dev resources on stdout. {@code ./finops policy check <policy file | resource file | directory>}: the
 * FIN checks; exit 1 when a finding is MEDIUM or worse, 2 on unusable input.
 */
public final class Main {

    static final String USAGE = """
            usage: policy convert <policies.finops file> [--prefix drako] [--cache-namespace default]
                   policy check <policies.finops file | resources file | directory of resources>""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println(USAGE);
            return 2;
        }
        Path path = Path.of(args[1]);
        if (!Files.exists(path)) {
            err.println("policy: " + path + " does not exist");
            return 2;
        }
        try {
            return switch (args[0]) {
                case "convert" -> convert(path, option(args, "--prefix", "drako"),
                        option(args, "--cache-namespace", "default"), out);
                case "check" -> check(path, out);
                default -> {
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (IOException | PolicyConverter.InvalidPolicy e) {
            err.println("policy: " + path + ": " + e.getMessage());
            return 2;
        }
    }

    private static int convert(Path file, String prefix, String cacheNamespace, PrintStream out) throws IOException {
        var resources = new PolicyConverter(prefix, cacheNamespace).convert(PolicyFile.read(file));
        out.println("# finops.dev resources converted from " + file.getFileName() + " (./finops policy convert);");
        out.println("# apply with: kubectl apply -n <the suite's namespace> -f <this file>");
        out.print(ResourceSet.yaml(resources));
        return 0;
    }

    private static int check(Path path, PrintStream out) throws IOException {
        List<Finding> findings;
        JsonNode finops = Files.isDirectory(path) ? null : PolicyFile.read(path);
        if (finops != null && !finops.isMissingNode()) {
            findings = FinopsChecks.ofPolicy(finops, path.toString());
        } else {
            findings = FinopsChecks.ofResources(ResourceSet.load(path), path.toString());
        }
        findings.forEach(out::println);
        long serious = findings.stream().filter(f -> f.severity() != Finding.Severity.LOW).count();
        out.printf("%d finding(s), %d of them MEDIUM or worse%n", findings.size(), serious);
        return serious > 0 ? 1 : 0;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 2; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
