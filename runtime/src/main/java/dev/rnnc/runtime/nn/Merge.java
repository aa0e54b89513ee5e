package dev.rnnc.runtime.nn;

/**
 * Merges the two directions of a Bidirectional layer, as Keras' {@code merge_mode}. Both inputs
 * hold {@code rows} rows of {@code stride} floats; with {@code reverseBackward} (sequences) the
 * backward row {@code rows-1-t}, which was produced in processing order, pairs with forward row
 * {@code t}, putting it back in input order.
 */
public final class Merge {
  private Merge() {}

  /** Keras {@code merge_mode="concat"}: forward units, then backward units. */
  public static void concat(float[] forward, float[] backward, int rows, int units, int stride, boolean reverseBackward,
      float[] out, int outStride) {
    for (int t = 0; t < rows; t++) {
      int b = (reverseBackward ? rows - 1 - t : t) * stride;
      System.arraycopy(forward, t * stride, out, t * outStride, units);
      System.arraycopy(backward, b, out, t * outStride + units, units);
    }
  }

  /** Keras {@code merge_mode="sum"}. */
  public static void sum(float[] forward, float[] backward, int rows, int units, int stride, boolean reverseBackward,
      float[] out, int outStride) {
    elementwise(forward, backward, rows, units, stride, reverseBackward, out, outStride, Float::sum);
  }

  /** Keras {@code merge_mode="mul"}. */
  public static void mul(float[] forward, float[] backward, int rows, int units, int stride, boolean reverseBackward,
      float[] out, int outStride) {
    elementwise(forward, backward, rows, units, stride, reverseBackward, out, outStride, (f, b) -> f * b);
  }

  /** Keras {@code merge_mode="ave"}: {@code (forward + backward) / 2}. */
  public static void ave(float[] forward, float[] backward, int rows, int units, int stride, boolean reverseBackward,
      float[] out, int outStride) {
    elementwise(forward, backward, rows, units, stride, reverseBackward, out, outStride, (f, b) -> (f + b) / 2f);
  }

  /** How two directions' values combine, lane by lane. */
  private interface Combine {
    float apply(float forward, float backward);
  }

  private static void elementwise(float[] forward, float[] backward, int rows, int units, int stride,
      boolean reverseBackward, float[] out, int outStride, Combine combine) {
    for (int t = 0; t < rows; t++) {
      int f = t * stride;
      int b = (reverseBackward ? rows - 1 - t : t) * stride;
      for (int j = 0; j < units; j++) {
        out[t * outStride + j] = combine.apply(forward[f + j], backward[b + j]);
      }
    }
  }
}
