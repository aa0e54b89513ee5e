package dev.rnnc.runtime.nn;

/**
 * Checks and packs call arguments at the public boundary of generated models. A failed check throws
 * {@link IllegalArgumentException} naming the parameter, the expected and the actual shape, before
 * anything is computed. Checks allocate nothing unless they fail.
 */
public final class Inputs {
  /** Marks a variable number of timesteps. */
  public static final int VARIABLE = -1;

  private Inputs() {}

  /**
   * Checks one (timesteps, features) sample: not null, rectangular, finite.
   *
   * @param timesteps the required length, or {@link #VARIABLE} for any positive length
   * @return the sample's number of timesteps
   */
  public static int checkSequence(float[][] sample, String name, int timesteps, int features) {
    return checkSequence(sample, name, -1, timesteps, features);
  }

  /** Checks a batch of (timesteps, features) samples, each as {@link #checkSequence}. */
  public static void checkSequences(float[][][] batch, String name, int timesteps, int features) {
    if (batch == null) {
      throw new IllegalArgumentException(
          name
              + " is null; expected a batch of shape (batch, "
              + dim(timesteps)
              + ", "
              + features
              + ")");
    }
    for (int i = 0; i < batch.length; i++) {
      checkSequence(batch[i], name, i, timesteps, features);
    }
  }

  /**
   * Checks one sample of token ids: not null, the right length, each in {@code [0, vocabulary)}.
   *
   * @return the number of timesteps
   */
  public static int checkTokens(int[] ids, String name, int timesteps, int vocabulary) {
    return checkTokens(ids, name, -1, timesteps, vocabulary);
  }

  /** Checks a batch of token-id samples, each as {@link #checkTokens}. */
  public static void checkTokenBatch(int[][] batch, String name, int timesteps, int vocabulary) {
    if (batch == null) {
      throw new IllegalArgumentException(
          name
              + " is null; expected a batch of token ids of shape (batch, "
              + dim(timesteps)
              + ")");
    }
    for (int i = 0; i < batch.length; i++) {
      checkTokens(batch[i], name, i, timesteps, vocabulary);
    }
  }

  /** Checks a vector argument such as an initial state: not null, {@code width} long, finite. */
  public static void checkVector(float[] v, String name, int width) {
    if (v == null || v.length != width) {
      throw new IllegalArgumentException(
          name
              + ": expected shape ("
              + width
              + ",), got "
              + (v == null ? "null" : "(" + v.length + ",)"));
    }
    for (int i = 0; i < width; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(
            name + "[" + i + "] is " + v[i] + "; inputs must be finite");
      }
    }
  }

  /**
   * Checks a batch of vector inputs, each as {@link #checkVector}; a failure names the sample's
   * index.
   */
  public static void checkVectors(float[][] batch, String name, int width) {
    if (batch == null) {
      throw new IllegalArgumentException(
          name + " is null; expected a batch of shape (batch, " + width + ")");
    }
    for (int i = 0; i < batch.length; i++) {
      float[] v = batch[i];
      if (v == null || v.length != width) {
        throw new IllegalArgumentException(
            label(name, i)
                + ": expected shape ("
                + width
                + ",), got "
                + (v == null ? "null" : "(" + v.length + ",)"));
      }
      for (int f = 0; f < width; f++) {
        if (!Float.isFinite(v[f])) {
          throw new IllegalArgumentException(
              label(name, i) + "[" + f + "] is " + v[f] + "; inputs must be finite");
        }
      }
    }
  }

  /**
   * Checks one sample's initial states in PyTorch's layout, {@code (num_layers * num_directions,
   * hidden)}: {@code rows} rows of {@code width} finite values.
   *
   * @throws IllegalArgumentException naming {@code name}, the expected and the actual shape
   */
  public static void checkLayerStates(float[][] states, String name, int rows, int width) {
    String expected =
        "expected PyTorch's shape (num_layers * num_directions, hidden) = ("
            + rows
            + ", "
            + width
            + ")";
    if (states == null || states.length != rows) {
      throw new IllegalArgumentException(
          name
              + (states == null ? " is null" : " has " + states.length + " rows")
              + "; "
              + expected);
    }
    for (int r = 0; r < rows; r++) {
      checkStateRow(states[r], name + "[" + r + "]", width, expected);
    }
  }

  /**
   * Checks a batch's initial states in PyTorch's layout, {@code (num_layers * num_directions,
   * batch, hidden)}: {@code rows} rows of {@code batch} (the input {@code batchName}'s samples)
   * vectors of {@code width} finite values.
   *
   * @throws IllegalArgumentException naming {@code name}, the expected and the actual shape
   */
  public static void checkLayerStates(
      float[][][] states, String name, int rows, int batch, String batchName, int width) {
    String expected =
        "expected PyTorch's shape (num_layers * num_directions, batch, hidden) = ("
            + rows
            + ", "
            + batch
            + ", "
            + width
            + "), the batch as "
            + batchName
            + " has";
    if (states == null || states.length != rows) {
      throw new IllegalArgumentException(
          name
              + (states == null ? " is null" : " has " + states.length + " rows")
              + "; "
              + expected);
    }
    for (int r = 0; r < rows; r++) {
      if (states[r] == null || states[r].length != batch) {
        throw new IllegalArgumentException(
            name
                + "["
                + r
                + "] has "
                + (states[r] == null ? "no samples (null)" : states[r].length + " samples")
                + "; "
                + expected);
      }
      for (int b = 0; b < batch; b++) {
        checkStateRow(states[r][b], name + "[" + r + "][" + b + "]", width, expected);
      }
    }
  }

  private static void checkStateRow(float[] row, String name, int width, String expected) {
    if (row == null || row.length != width) {
      throw new IllegalArgumentException(
          name
              + " has "
              + (row == null ? "no values (null)" : row.length + " values")
              + "; "
              + expected);
    }
    for (int f = 0; f < width; f++) {
      if (!Float.isFinite(row[f])) {
        throw new IllegalArgumentException(
            name + "[" + f + "] is " + row[f] + "; initial states must be finite");
      }
    }
  }

  /**
   * Checks that two batches of a model with several inputs hold the same number of samples (the
   * first already checked not to be null).
   */
  public static void checkSameBatch(
      Object[] first, String firstName, Object[] other, String otherName) {
    if (other.length != first.length) {
      throw new IllegalArgumentException(
          otherName
              + ": expected a batch of "
              + first.length
              + " samples, as "
              + firstName
              + " has, got "
              + other.length);
    }
  }

  /**
   * Checks one timestep's features for a streaming call: not null, {@code features} long, finite.
   */
  public static void checkStep(float[] x, String name, int features) {
    if (x == null || x.length != features) {
      throw new IllegalArgumentException(
          name
              + ": expected one timestep of shape ("
              + features
              + ",), got "
              + (x == null ? "null" : "(" + x.length + ",)"));
    }
    for (int f = 0; f < features; f++) {
      if (!Float.isFinite(x[f])) {
        throw new IllegalArgumentException(
            name + "[" + f + "] is " + x[f] + "; inputs must be finite");
      }
    }
  }

  /** Copies a checked sample row by row into {@code dst} ({@code timesteps × features}). */
  public static void packSequence(float[][] sample, int timesteps, int features, float[] dst) {
    packSequence(sample, timesteps, features, dst, 0);
  }

  /**
   * Copies a checked sample row by row into {@code dst} from {@code dstOffset} on (a chunk of
   * samples).
   */
  public static void packSequence(
      float[][] sample, int timesteps, int features, float[] dst, int dstOffset) {
    for (int t = 0; t < timesteps; t++) {
      System.arraycopy(sample[t], 0, dst, dstOffset + t * features, features);
    }
  }

  private static int checkSequence(
      float[][] sample, String name, int index, int timesteps, int features) {
    // Messages are built only on failure: a passing check allocates nothing.
    if (sample == null) {
      throw new IllegalArgumentException(
          label(name, index) + " is null; expected shape " + shape(timesteps, features));
    }
    if (timesteps == VARIABLE ? sample.length == 0 : sample.length != timesteps) {
      throw new IllegalArgumentException(
          label(name, index)
              + ": expected shape "
              + shape(timesteps, features)
              + ", got "
              + sample.length
              + " timesteps");
    }
    for (int t = 0; t < sample.length; t++) {
      float[] row = sample[t];
      if (row == null || row.length != features) {
        throw new IllegalArgumentException(
            label(name, index)
                + ": expected shape "
                + shape(timesteps, features)
                + ", timestep "
                + t
                + (row == null ? " is null" : " has " + row.length + " features"));
      }
      for (int f = 0; f < features; f++) {
        if (!Float.isFinite(row[f])) {
          throw new IllegalArgumentException(
              label(name, index)
                  + "["
                  + t
                  + "]["
                  + f
                  + "] is "
                  + row[f]
                  + "; inputs must be finite");
        }
      }
    }
    return sample.length;
  }

  private static int checkTokens(int[] ids, String name, int index, int timesteps, int vocabulary) {
    if (ids == null) {
      throw new IllegalArgumentException(
          label(name, index) + " is null; expected token ids of shape (" + dim(timesteps) + ",)");
    }
    if (timesteps == VARIABLE ? ids.length == 0 : ids.length != timesteps) {
      throw new IllegalArgumentException(
          label(name, index)
              + ": expected token ids of shape ("
              + dim(timesteps)
              + ",), got "
              + ids.length);
    }
    for (int t = 0; t < ids.length; t++) {
      if (ids[t] < 0 || ids[t] >= vocabulary) {
        throw new IllegalArgumentException(
            label(name, index)
                + "["
                + t
                + "] = "
                + ids[t]
                + " is not a token id: expected 0 <= id < "
                + vocabulary);
      }
    }
    return ids.length;
  }

  static String label(String name, int index) {
    return index < 0 ? name : name + "[" + index + "]";
  }

  private static String shape(int timesteps, int features) {
    return "(" + dim(timesteps) + ", " + features + ")";
  }

  private static String dim(int timesteps) {
    return timesteps == VARIABLE ? "None" : Integer.toString(timesteps);
  }

  /**
   * Checks that a batch of a stateful model with a declared batch size has exactly that many
   * samples: one per row of carried states (Keras' {@code batch_size} of a stateful layer).
   */
  public static void checkStateRows(Object[] batch, String name, int rows) {
    if (batch.length != rows) {
      throw new IllegalArgumentException(
          name
              + " has "
              + batch.length
              + " samples; the stateful model keeps "
              + rows
              + " rows of states (@Input(batchSize = "
              + rows
              + ")), one per batch row, so a batch has exactly "
              + rows);
    }
  }

  /** Checks a row index of a stateful model's rows of states ({@code resetStates(int row)}). */
  public static void checkStateRow(int row, int rows) {
    if (row < 0 || row >= rows) {
      throw new IllegalArgumentException(
          "row is " + row + "; expected a batch row in [0, " + rows + ")");
    }
  }
}
