package dev.rnnc.processor.spec;

/**
 * An {@code @Embedding} folded into the input projection of the recurrent layer it feeds ({@code
 * -Arnnc.foldEmbeddingMaxBytes}): since {@code E[id]·W + b} depends on the token alone, a table of
 * {@code inputDim × GATES} floats replaces both the lookup and the input product of every call. It
 * costs {@code 4·blocks·units / outputDim} times the embedding's memory (M2: 20 MB against 2.5 MB),
 * hence only within the option's budget (32 MiB by default). Copies of the model share the table.
 *
 * @param embedding the embedding layer's name
 * @param layer the recurrent layer's name
 * @param useBias whether the recurrent layer has a bias
 */
public record EmbeddingFold(String embedding, String layer, boolean useBias) {

  /** The fold of a model's first two layers within {@code maxBytes}, or null. */
  static EmbeddingFold of(java.util.List<LayerSpec> layers, boolean graph, long maxBytes) {
    // In a graph the embedding's output may have other readers, which folding would starve.
    if (maxBytes <= 0 || layers.size() < 2 || graph) {
      return null;
    }
    if (!(layers.get(0) instanceof EmbeddingSpec e)
        || !(layers.get(1) instanceof RecurrentSpec r)) {
      return null;
    }
    long floats = (long) e.inputDim() * r.cell().gateBlocks() * Packing.padded(r.units());
    // past Integer.MAX_VALUE floats the table would not fit one Java array
    return floats <= Integer.MAX_VALUE - 8 && 4 * floats <= maxBytes
        ? new EmbeddingFold(e.name(), r.name(), r.useBias())
        : null;
  }
}
