package dev.rnnc.runtime.nn;

/** The Embedding lookup for generated code. */
public final class Embeddings {
  private Embeddings() {}

  /** Where {@link #touchRows} leaves its loads' sum, so that the JIT keeps the loads. */
  @SuppressWarnings("unused")
  private static float touched;

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
    lookup(ids, 0, timesteps, table, stride, out, outOffset);
  }

  /**
   * {@link #lookup(int[], int, float[], int, float[], int)} of ids {@code from .. from + count -
   * 1}: a part of a batch's distinct tokens, looked up on one of several threads.
   */
  public static void lookup(
      int[] ids, int from, int count, float[] table, int stride, float[] out, int outOffset) {
    touchRows(ids, from, count, table, stride);
    for (int t = 0; t < count; t++) {
      System.arraycopy(table, ids[from + t] * stride, out, outOffset + t * stride, stride);
    }
  }

  /**
   * Loads one float of the table row of each of ids {@code from .. from + count - 1}: done before
   * the rows are copied or added to, the rows' cache misses and page walks overlap, where the
   * copies alone would meet them one row after another (rows scattered over a table of megabytes).
   */
  static void touchRows(int[] ids, int from, int count, float[] table, int stride) {
    float first = 0;
    for (int t = from; t < from + count; t++) {
      first += table[ids[t] * stride];
    }
    touched = first;
  }
}
