package dev.rnnc.runtime.nn;

/**
 * Checks caller-owned output arrays and copies results out of generated models' padded buffers.
 * Checks allocate nothing unless they fail.
 */
public final class Outputs {
  private Outputs() {}

  /** Checks that a batch of outputs has one entry per input sample. */
  public static void checkBatch(Object[] out, String name, int batch) {
    if (out == null || out.length != batch) {
      throw new IllegalArgumentException(
          name
              + ": expected "
              + batch
              + " outputs, one per sample, got "
              + (out == null ? "null" : out.length));
    }
  }

  /** Checks a (units,) output; {@code index} is its position in a batch, or -1. */
  public static void checkVector(float[] out, String name, int index, int units) {
    if (out == null || out.length != units) {
      throw new IllegalArgumentException(
          Inputs.label(name, index)
              + ": expected shape ("
              + units
              + ",), got "
              + (out == null ? "null" : "(" + out.length + ",)"));
    }
  }

  /** Checks a (timesteps, units) output; {@code index} is its position in a batch, or -1. */
  public static void checkSequence(
      float[][] out, String name, int index, int timesteps, int units) {
    boolean fits = out != null && out.length == timesteps;
    for (int t = 0; fits && t < timesteps; t++) {
      fits = out[t] != null && out[t].length == units;
    }
    if (!fits) {
      throw new IllegalArgumentException(
          Inputs.label(name, index)
              + ": expected shape ("
              + timesteps
              + ", "
              + units
              + ")"
              + (out == null
                  ? ", got null"
                  : ", got "
                      + out.length
                      + " rows"
                      + (out.length > 0 && out[0] != null ? " of " + out[0].length : "")));
    }
  }

  /** A new (timesteps, units) array from a buffer with {@code stride} floats per row. */
  public static float[][] sequence(float[] buffer, int timesteps, int units, int stride) {
    return sequence(buffer, 0, timesteps, units, stride);
  }

  /**
   * A new (timesteps, units) array from a buffer whose rows start at {@code offset} (one sample of
   * a chunk).
   */
  public static float[][] sequence(
      float[] buffer, int offset, int timesteps, int units, int stride) {
    float[][] out = new float[timesteps][units];
    copySequence(buffer, offset, timesteps, units, stride, out);
    return out;
  }

  /** Copies a buffer with {@code stride} floats per row into a checked (timesteps, units) array. */
  public static void copySequence(
      float[] buffer, int timesteps, int units, int stride, float[][] out) {
    copySequence(buffer, 0, timesteps, units, stride, out);
  }

  /**
   * {@link #copySequence(float[], int, int, int, float[][])} from rows starting at {@code offset}.
   */
  public static void copySequence(
      float[] buffer, int offset, int timesteps, int units, int stride, float[][] out) {
    for (int t = 0; t < timesteps; t++) {
      System.arraycopy(buffer, offset + t * stride, out[t], 0, units);
    }
  }
}
