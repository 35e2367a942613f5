package dev.finops.cache.embedding;

import java.util.List;

/** Turns the compared text of a prompt into a unit vector; entries remember {@link #modelName()} so vectors of different models never meet. */
public interface Embedder {

    /** Length of the stored vectors: {@code cache_entries.embedding} is a {@code vector(384)}. */
    int STORED_DIMENSION = 384;

    /** One embedding and the tokens it took (what an embedding is billed by). */
    record Embedding(float[] vector, int tokens) {
    }

    /** Name and version of the model, stored with every entry and required to match at lookup. */
    String modelName();

    int dimension();

    /** Blocking and CPU-bound: call it from a worker thread. */
    Embedding embed(String text);

    /** Many texts at once (an implementation may spread them over the cores); used by the threshold study. */
    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(t -> embed(t).vector()).toList();
    }
}
