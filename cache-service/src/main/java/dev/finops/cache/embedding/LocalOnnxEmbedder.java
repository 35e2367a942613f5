package dev.finops.cache.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A sentence-embedding model (384-d, normalised) on the ONNX runtime, in process; the model ships inside a Maven
 * Central jar. Loaded on first use; its native libraries are unpacked into {@code nativeDir}, never the user's home.
 */
public class LocalOnnxEmbedder implements Embedder {

    /** The bundled models; the name (with the artifact version) is what entries record. */
    public enum Model {
        ALL_MINILM_L6_V2("all-minilm-l6-v2", AllMiniLmL6V2EmbeddingModel::new),
        BGE_SMALL_EN_V15_Q("bge-small-en-v15-q", BgeSmallEnV15QuantizedEmbeddingModel::new);

        private static final String VERSION = "@langchain4j-1.20.0-beta30";

        final String id;
        final Supplier<EmbeddingModel> load;

        Model(String id, Supplier<EmbeddingModel> load) {
            this.id = id;
            this.load = load;
        }

        public static Model named(String id) {
            for (Model m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("finops.cache.embedding.model=" + id + " is not a bundled model; use one of "
                    + Arrays.stream(values()).map(m -> m.id).toList());
        }
    }

    private final Model choice;
    private final Path nativeDir;
    private volatile EmbeddingModel model;

    public LocalOnnxEmbedder(Model choice, Path nativeDir) {
        this.choice = choice;
        this.nativeDir = nativeDir;
    }

    @Override
    public String modelName() {
        return choice.id + Model.VERSION;
    }

    @Override
    public int dimension() {
        return STORED_DIMENSION;
    }

    @Override
    public Embedding embed(String text) {
        Response<dev.langchain4j.data.embedding.Embedding> r = model().embed(text);
        return new Embedding(r.content().vector(), tokens(r));
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        var segments = texts.stream().map(dev.langchain4j.data.segment.TextSegment::from).toList();
        var embeddings = model().embedAll(segments).content();
        return IntStream.range(0, embeddings.size()).mapToObj(i -> embeddings.get(i).vector()).toList();
    }

    private static int tokens(Response<?> r) {
        return r.tokenUsage() == null || r.tokenUsage().inputTokenCount() == null ? 0 : r.tokenUsage().inputTokenCount();
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    redirectNativeCaches();
                    model = choice.load.get();
                }
                m = model;
            }
        }
        return m;
    }

    /** DJL (tokenizer) and JNA default to ~/.djl.ai and ~/.cache/JNA; a read-only or shared home must not be touched. */
    private void redirectNativeCaches() {
        try {
            Files.createDirectories(nativeDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedding native-library directory " + nativeDir, e);
        }
        String dir = nativeDir.toAbsolutePath().toString();
        setIfAbsent("DJL_CACHE_DIR", dir + "/djl");
        setIfAbsent("ENGINE_CACHE_DIR", dir + "/djl");
        setIfAbsent("jna.tmpdir", dir + "/jna");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null && System.getenv(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Cosine similarity of two vectors (the model's are unit length, but do not rely on it). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
