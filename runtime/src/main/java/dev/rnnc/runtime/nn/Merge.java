package dev.rnnc.runtime.nn;

/**
 * Merges the two directions of a Bidirectional layer, as Keras' {@code merge_mode}. Both inputs
 * hold {@code rows} rows of {@code stride} floats; with {@code reverseBackward} (sequences) the
 * backward row {@code rows-1-t}, which was produced in processing order, pairs with forward row
 * {@code t}, putting it back in input order.
 *
 * <p>Also the merge layers of graph models (Keras {@code Concatenate}, {@code Add}, {@code
 * Multiply}, {@code Average}), whose inputs each have a stride of their own: {@link #concatInto}
 * places one input's columns, {@link #add} and {@link #multiply} combine two inputs (or the running
 * result and the next input, as Keras folds a list left to right), {@link #divide} finishes an
 * average.
 */
public final class Merge {
  private Merge() {}

  /** Keras {@code merge_mode="concat"}: forward units, then backward units. */
  public static void concat(
      float[] forward,
      float[] backward,
      int rows,
      int units,
      int stride,
      boolean reverseBackward,
      float[] out,
      int outStride) {
    for (int t = 0; t < rows; t++) {
      int b = (reverseBackward ? rows - 1 - t : t) * stride;
      System.arraycopy(forward, t * stride, out, t * outStride, units);
      System.arraycopy(backward, b, out, t * outStride + units, units);
    }
  }

  /** Keras {@code merge_mode="sum"}. */
  public static void sum(
      float[] forward,
      float[] backward,
      int rows,
      int units,
      int stride,
      boolean reverseBackward,
      float[] out,
      int outStride) {
    elementwise(
        forward, backward, rows, units, stride, reverseBackward, out, outStride, Float::sum);
  }

  /** Keras {@code merge_mode="mul"}. */
  public static void mul(
      float[] forward,
      float[] backward,
      int rows,
      int units,
      int stride,
      boolean reverseBackward,
      float[] out,
      int outStride) {
    elementwise(
        forward, backward, rows, units, stride, reverseBackward, out, outStride, (f, b) -> f * b);
  }

  /** Keras {@code merge_mode="ave"}: {@code (forward + backward) / 2}. */
  public static void ave(
      float[] forward,
      float[] backward,
      int rows,
      int units,
      int stride,
      boolean reverseBackward,
      float[] out,
      int outStride) {
    elementwise(
        forward,
        backward,
        rows,
        units,
        stride,
        reverseBackward,
        out,
        outStride,
        (f, b) -> (f + b) / 2f);
  }

  /**
   * One input of Keras {@code Concatenate(axis=-1)}: its {@code width} columns of each of {@code
   * rows} rows go to columns {@code offset ...} of {@code out}.
   */
  public static void concatInto(
      float[] in, int rows, int width, int stride, float[] out, int outStride, int offset) {
    for (int t = 0; t < rows; t++) {
      System.arraycopy(in, t * stride, out, t * outStride + offset, width);
    }
  }

  /**
   * Keras {@code Add}: {@code out = a + b} on {@code rows × width} values; {@code out} may be
   * {@code a}.
   */
  public static void add(
      float[] a,
      int aStride,
      float[] b,
      int bStride,
      int rows,
      int width,
      float[] out,
      int outStride) {
    elementwise(a, aStride, b, bStride, false, rows, width, out, outStride, Float::sum);
  }

  /**
   * Keras {@code Multiply}: {@code out = a * b} on {@code rows × width} values; {@code out} may be
   * {@code a}.
   */
  public static void multiply(
      float[] a,
      int aStride,
      float[] b,
      int bStride,
      int rows,
      int width,
      float[] out,
      int outStride) {
    elementwise(a, aStride, b, bStride, false, rows, width, out, outStride, (x, y) -> x * y);
  }

  /**
   * Keras {@code Average}'s last step: divides {@code rows × width} values by the number of inputs.
   */
  public static void divide(float[] values, int rows, int width, int stride, float count) {
    for (int t = 0; t < rows; t++) {
      for (int j = 0; j < width; j++) {
        values[t * stride + j] /= count;
      }
    }
  }

  /**
   * Keras {@code merge_mode=None} with sequences: the backward direction's {@code rows} rows,
   * produced in processing order, copied back to input order ({@code out} row {@code t} = {@code
   * in} row {@code rows-1-t}).
   */
  public static void flip(float[] in, int rows, int width, int stride, float[] out) {
    for (int t = 0; t < rows; t++) {
      System.arraycopy(in, (rows - 1 - t) * stride, out, t * stride, width);
    }
  }

  /** How two directions' values combine, lane by lane. */
  private interface Combine {
    float apply(float forward, float backward);
  }

  private static void elementwise(
      float[] forward,
      float[] backward,
      int rows,
      int units,
      int stride,
      boolean reverseBackward,
      float[] out,
      int outStride,
      Combine combine) {
    elementwise(
        forward, stride, backward, stride, reverseBackward, rows, units, out, outStride, combine);
  }

  private static void elementwise(
      float[] forward,
      int forwardStride,
      float[] backward,
      int backwardStride,
      boolean reverseBackward,
      int rows,
      int units,
      float[] out,
      int outStride,
      Combine combine) {
    for (int t = 0; t < rows; t++) {
      int f = t * forwardStride;
      int b = (reverseBackward ? rows - 1 - t : t) * backwardStride;
      for (int j = 0; j < units; j++) {
        out[t * outStride + j] = combine.apply(forward[f + j], backward[b + j]);
      }
    }
  }
}
