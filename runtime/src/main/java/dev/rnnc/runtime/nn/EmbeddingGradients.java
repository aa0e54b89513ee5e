package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.simd.Kernels;

/**
 * The Embedding layer's backward pass for generated code: the lookup {@code out[t] = table[ids[t]]}
 * sends each output row's gradient back to the table row it came from. A sparse update: only the
 * rows of the ids seen are touched, recorded in a {@link TouchedRows} if one is given. (Keras'
 * optimizers apply the resulting gradient as a dense one, see {@code reference/rnn-semantics.md}
 * §10; the set is for clearing the gradient and for optimizers that may update sparsely.) Masked
 * timesteps need no care here: the recurrent layer's backward pass gives them a zero input
 * gradient.
 */
public final class EmbeddingGradients {
  private EmbeddingGradients() {}

  /**
   * {@code dTable[ids[i]] += dOutput[i]} over {@code width} floats, for {@code i < count}; repeated
   * ids add up.
   *
   * @param ids the token ids (range-checked at the call boundary)
   * @param idsOffset offset of the first id
   * @param count the number of ids
   * @param dOutput the gradient rows of the lookup's output
   * @param dOffset offset of the first row
   * @param dStride distance between rows
   * @param width the embedding width (floats per row that are added)
   * @param dTable the table's gradient, {@code stride} floats per row, accumulated
   * @param stride floats per table row
   * @param touched records the rows touched, or null
   */
  public static void accumulate(
      int[] ids,
      int idsOffset,
      int count,
      float[] dOutput,
      int dOffset,
      int dStride,
      int width,
      float[] dTable,
      int stride,
      TouchedRows touched) {
    Embeddings.touchRows(ids, idsOffset, count, dTable, stride);
    for (int i = 0; i < count; i++) {
      int id = ids[idsOffset + i];
      int row = id * stride;
      Kernels.add(dTable, row, dOutput, dOffset + i * dStride, dTable, row, width);
      if (touched != null) {
        touched.add(id);
      }
    }
  }
}
