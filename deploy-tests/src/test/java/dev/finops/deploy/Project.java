package dev.finops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the first directory above the working directory that holds k8s/base. */
final class Project {

    static final Path ROOT = find();

    private Project() {
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("k8s/base/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no k8s/base/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }
}
