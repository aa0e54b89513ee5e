package dev.rnnc.runtime.nn;

/**
 * A Bidirectional layer's merge of one row pair in a training step, forwards (as {@link Merge}:
 * Keras' {@code merge_mode}) and backwards (the merged row's gradient split between the
 * directions). Rows are {@code width} values at the given offsets; the merged row of {@code concat}
 * is {@code 2·width} wide.
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
}
