package dev.rnnc.runtime.nn;

/** The Embedding lookup for generated code. */
public final class Embeddings {
  private Embeddings() {}

  /**
   * Copies row {@code ids[t]} of the packed table ({@code stride} floats per row) to row {@code t}
   * of {@code out}, for {@code t < timesteps}. Ids were range-checked at the call boundary.
   */
  public static void lookup(int[] ids, int timesteps, float[] table, int stride, float[] out) {
    lookup(ids, timesteps, table, stride, out, 0);
  }

  /**
   * {@link #lookup(int[], int, float[], int, float[])} into {@code out} from {@code outOffset} on:
   * one sample's rows inside a buffer of several (the batch calls' lockstep chunks).
   */
  public static void lookup(
      int[] ids, int timesteps, float[] table, int stride, float[] out, int outOffset) {
    for (int t = 0; t < timesteps; t++) {
      System.arraycopy(table, ids[t] * stride, out, outOffset + t * stride, stride);
    }
  }
}
