package dev.rnnc.runtime.nn;

/**
 * Merges in a training step. A Bidirectional layer's merge of one row pair, forwards (as {@link
 * Merge}: Keras' {@code merge_mode}) and backwards (the merged row's gradient split between the
 * directions): rows are {@code width} values at the given offsets; the merged row of {@code concat}
 * is {@code 2·width} wide. And a merge layer's backward pass over a batch's rows ({@link #share}).
 */
public final class MergeGradients {
  private MergeGradients() {}

  /** {@code out = [f, b]}. */
  public static void concat(float[] f, int fo, float[] b, int bo, int width, float[] out, int o) {
    System.arraycopy(f, fo, out, o, width);
    System.arraycopy(b, bo, out, o + width, width);
  }

  /** {@code out = f + b}. */
  public static void sum(float[] f, int fo, float[] b, int bo, int width, float[] out, int o) {
    for (int j = 0; j < width; j++) {
      out[o + j] = f[fo + j] + b[bo + j];
    }
  }

  /** {@code out = f · b}. */
  public static void mul(float[] f, int fo, float[] b, int bo, int width, float[] out, int o) {
    for (int j = 0; j < width; j++) {
      out[o + j] = f[fo + j] * b[bo + j];
    }
  }

  /** {@code out = (f + b) / 2}. */
  public static void ave(float[] f, int fo, float[] b, int bo, int width, float[] out, int o) {
    for (int j = 0; j < width; j++) {
      out[o + j] = (f[fo + j] + b[bo + j]) / 2f;
    }
  }

  /** {@code dF = dOut[0, width)}, {@code dB = dOut[width, 2·width)}. */
  public static void concatBackward(
      float[] dOut,
      int o,
      float[] f,
      int fo,
      float[] b,
      int bo,
      float[] dF,
      int dfo,
      int width,
      float[] dB,
      int dbo) {
    System.arraycopy(dOut, o, dF, dfo, width);
    System.arraycopy(dOut, o + width, dB, dbo, width);
  }

  /** {@code dF = dB = dOut}. */
  public static void sumBackward(
      float[] dOut,
      int o,
      float[] f,
      int fo,
      float[] b,
      int bo,
      float[] dF,
      int dfo,
      int width,
      float[] dB,
      int dbo) {
    System.arraycopy(dOut, o, dF, dfo, width);
    System.arraycopy(dOut, o, dB, dbo, width);
  }

  /** {@code dF = dOut · b}, {@code dB = dOut · f}. */
  public static void mulBackward(
      float[] dOut,
      int o,
      float[] f,
      int fo,
      float[] b,
      int bo,
      float[] dF,
      int dfo,
      int width,
      float[] dB,
      int dbo) {
    for (int j = 0; j < width; j++) {
      dF[dfo + j] = dOut[o + j] * b[bo + j];
      dB[dbo + j] = dOut[o + j] * f[fo + j];
    }
  }

  /** {@code dF = dB = dOut / 2}. */
  public static void aveBackward(
      float[] dOut,
      int o,
      float[] f,
      int fo,
      float[] b,
      int bo,
      float[] dF,
      int dfo,
      int width,
      float[] dB,
      int dbo) {
    for (int j = 0; j < width; j++) {
      float half = dOut[o + j] / 2f;
      dF[dfo + j] = half;
      dB[dbo + j] = half;
    }
  }

  /**
   * One input's share of a merge layer's gradient over {@code rows} rows: {@code dx = scale ·
   * dOut[:, offset, offset + width)}, or with {@code add} {@code dx += ...} (the input has another
   * reader, which wrote first). Concatenate takes the input's columns (scale 1), Add all of them,
   * Average all of them over the number of inputs; the lanes of {@code dx} past {@code width} are
   * left as they are.
   *
   * @param dOut the merged rows' gradient
   * @param outStride floats per merged row
   * @param offset the input's first column in the merged row
   * @param rows the number of rows
   * @param width the input's values per row
   * @param scale the factor of the share
   * @param dx the input's gradient rows
   * @param stride floats per input row
   * @param add whether to add to {@code dx} rather than set it
   */
  public static void share(
      float[] dOut,
      int outStride,
      int offset,
      int rows,
      int width,
      float scale,
      float[] dx,
      int stride,
      boolean add) {
    for (int r = 0; r < rows; r++) {
      int from = r * outStride + offset;
      int to = r * stride;
      for (int j = 0; j < width; j++) {
        float value = scale * dOut[from + j];
        dx[to + j] = add ? dx[to + j] + value : value;
      }
    }
  }
}
