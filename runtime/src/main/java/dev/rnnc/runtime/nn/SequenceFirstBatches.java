package dev.rnnc.runtime.nn;

/**
 * The sequence-first layout of PyTorch's {@code batch_first=False}: a batch as {@code x[t][b][f]}
 * instead of {@code x[b][t][f]}. Generated {@code @SequenceFirst} calls turn their input into the
 * batch-first layout the model runs on, and a sequence result back, by re-indexing the rows: no
 * feature value is copied.
 */
public final class SequenceFirstBatches {
  private SequenceFirstBatches() {}

  /**
   * The batch-first view {@code batch[b][t] = x[t][b]} of a sequence-first batch, after checking
   * that {@code x} is {@code (timesteps, batch, features)}: not null, the given timesteps (any
   * positive number with {@link Inputs#VARIABLE}), every timestep as many samples as the first,
   * every row {@code features} wide and finite (errors name the sequence-first indices).
   *
   * @throws IllegalArgumentException naming {@code name}, the expected and the actual shape
   */
  public static float[][][] toBatchFirst(float[][][] x, String name, int timesteps, int features) {
    String expected =
        "expected sequence-first shape (timesteps, batch, features) = ("
            + (timesteps == Inputs.VARIABLE ? "None" : timesteps)
            + ", batch, "
            + features
            + ")";
    if (x == null) {
      throw new IllegalArgumentException(name + " is null; " + expected);
    }
    if (timesteps == Inputs.VARIABLE ? x.length == 0 : x.length != timesteps) {
      throw new IllegalArgumentException(name + " has " + x.length + " timesteps; " + expected);
    }
    if (x[0] == null) {
      throw new IllegalArgumentException(name + "[0] is null; " + expected);
    }
    int batch = x[0].length;
    float[][][] batchFirst = new float[batch][x.length][];
    for (int t = 0; t < x.length; t++) {
      if (x[t] == null || x[t].length != batch) {
        throw new IllegalArgumentException(
            name
                + "["
                + t
                + "] has "
                + (x[t] == null ? "no samples (null)" : x[t].length + " samples")
                + ", but "
                + name
                + "[0] has "
                + batch
                + "; "
                + expected);
      }
      for (int b = 0; b < batch; b++) {
        float[] row = x[t][b];
        if (row == null || row.length != features) {
          throw new IllegalArgumentException(
              name
                  + "["
                  + t
                  + "]["
                  + b
                  + "] has "
                  + (row == null ? "no features (null)" : row.length + " features")
                  + "; "
                  + expected);
        }
        for (int f = 0; f < features; f++) {
          if (!Float.isFinite(row[f])) {
            throw new IllegalArgumentException(
                name
                    + "["
                    + t
                    + "]["
                    + b
                    + "]["
                    + f
                    + "] is "
                    + row[f]
                    + "; inputs must be finite");
          }
        }
        batchFirst[b][t] = row;
      }
    }
    return batchFirst;
  }

  /**
   * The batch-first view {@code view[b][t] = out[t][b]} of the output array of a sequence-first
   * {@code into} call, after checking that {@code out} is {@code (timesteps, batch, units)}: the
   * call writes each sample's rows through the view into the caller's rows. Allocates the view's
   * arrays (one per sample), not the rows.
   *
   * @throws IllegalArgumentException naming {@code name}, the expected and the actual shape
   */
  public static float[][][] outputToBatchFirst(
      float[][][] out, String name, int timesteps, int batch, int units) {
    String expected =
        "expected sequence-first shape (timesteps, batch, units) = ("
            + timesteps
            + ", "
            + batch
            + ", "
            + units
            + ")";
    if (out == null) {
      throw new IllegalArgumentException(name + " is null; " + expected);
    }
    if (out.length != timesteps) {
      throw new IllegalArgumentException(name + " has " + out.length + " timesteps; " + expected);
    }
    float[][][] view = new float[batch][timesteps][];
    for (int t = 0; t < timesteps; t++) {
      if (out[t] == null || out[t].length != batch) {
        throw new IllegalArgumentException(
            name
                + "["
                + t
                + "] has "
                + (out[t] == null ? "no samples (null)" : out[t].length + " samples")
                + "; "
                + expected);
      }
      for (int b = 0; b < batch; b++) {
        float[] row = out[t][b];
        if (row == null || row.length != units) {
          throw new IllegalArgumentException(
              name
                  + "["
                  + t
                  + "]["
                  + b
                  + "] has "
                  + (row == null ? "no units (null)" : row.length + " units")
                  + "; "
                  + expected);
        }
        view[b][t] = row;
      }
    }
    return view;
  }

  /**
   * The sequence-first view {@code out[t][b] = results[b][t]} of one sequence per sample, each of
   * {@code timesteps} rows.
   */
  public static float[][][] toSequenceFirst(float[][][] results, int timesteps) {
    float[][][] out = new float[timesteps][results.length][];
    for (int b = 0; b < results.length; b++) {
      for (int t = 0; t < timesteps; t++) {
        out[t][b] = results[b][t];
      }
    }
    return out;
  }
}
