package dev.rnnc.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keras {@code keras.utils.pad_sequences} (keras/src/utils/sequence_utils.py, Keras 3.15): ragged
 * sequences to one rectangular array.
 *
 * <pre>{@code
 * int[][] x = Sequences.pad(tokenIds, 200);                         // pre-pad, pre-truncate with 0
 * int[][] y = Sequences.pad(tokenIds, 200, "post", "post", 0);      // keep the start, pad the end
 * }</pre>
 *
 * <p>As Keras: {@code maxlen} {@code null} means the longest sequence; {@code padding} and {@code
 * truncating} are {@code "pre"} (Keras' default: pad before, drop the first values) or {@code
 * "post"}; {@code value} fills the padding; the result is a fresh array that never shares rows with
 * the input. Checked against real Keras 3.15.1: {@code tools/goldens/data_fixtures.py}.
 *
 * <p>Where Keras fails with a NumPy error this class throws an {@link IllegalArgumentException}
 * saying why: {@code maxlen} negative, {@code maxlen} 0 with {@code "pre"} truncating and a
 * non-empty sequence (Keras' {@code s[-0:]} keeps the whole sequence, which cannot fit), {@code
 * maxlen} {@code null} with no sequences, and (float sequences of vectors) vectors of different
 * widths. A {@code null} sequence is an error (Keras: not iterable).
 */
public final class Sequences {
  private Sequences() {}

  /** Keras' defaults: {@code maxlen} the longest, {@code "pre"} padding and truncating, 0. */
  public static int[][] pad(int[][] sequences) {
    return pad(sequences, null, "pre", "pre", 0);
  }

  /** {@code maxlen} given; {@code "pre"} padding and truncating with 0, Keras' defaults. */
  public static int[][] pad(int[][] sequences, int maxlen) {
    return pad(sequences, maxlen, "pre", "pre", 0);
  }

  /**
   * Keras' {@code pad_sequences(sequences, maxlen, dtype="int32", padding, truncating, value)}.
   *
   * @param sequences the rows, of any lengths (empty ones give all-{@code value} rows)
   * @param maxlen the output length, or {@code null} for the longest row
   * @param padding {@code "pre"} or {@code "post"}: where the padding goes
   * @param truncating {@code "pre"} or {@code "post"}: which end of a longer row is dropped
   * @param value the padding value
   * @return {@code (sequences.length, maxlen)}
   * @throws IllegalArgumentException for a bad option, as listed on the class
   */
  public static int[][] pad(
      int[][] sequences, Integer maxlen, String padding, String truncating, int value) {
    Objects.requireNonNull(sequences, "sequences");
    int[] lengths = new int[sequences.length];
    for (int i = 0; i < sequences.length; i++) {
      lengths[i] = checked(sequences[i], i).length;
    }
    int len = length(lengths, maxlen, padding, truncating);
    int[][] out = new int[sequences.length][len];
    for (int i = 0; i < sequences.length; i++) {
      int[] s = sequences[i];
      Arrays.fill(out[i], value);
      int n = Math.min(len, s.length);
      int from = "pre".equals(truncating) ? s.length - n : 0;
      int to = "pre".equals(padding) ? len - n : 0;
      System.arraycopy(s, from, out[i], to, n);
    }
    return out;
  }

  /** Keras' defaults for float rows: {@code maxlen} the longest, {@code "pre"}, 0. */
  public static float[][] pad(float[][] sequences) {
    return pad(sequences, null, "pre", "pre", 0f);
  }

  /** {@code maxlen} given; {@code "pre"} padding and truncating with 0. */
  public static float[][] pad(float[][] sequences, int maxlen) {
    return pad(sequences, maxlen, "pre", "pre", 0f);
  }

  /**
   * Keras' {@code pad_sequences(..., dtype="float32")}: as {@link #pad(int[][], Integer, String,
   * String, int)}, for float rows.
   */
  public static float[][] pad(
      float[][] sequences, Integer maxlen, String padding, String truncating, float value) {
    Objects.requireNonNull(sequences, "sequences");
    int[] lengths = new int[sequences.length];
    for (int i = 0; i < sequences.length; i++) {
      lengths[i] = checked(sequences[i], i).length;
    }
    int len = length(lengths, maxlen, padding, truncating);
    float[][] out = new float[sequences.length][len];
    for (int i = 0; i < sequences.length; i++) {
      float[] s = sequences[i];
      Arrays.fill(out[i], value);
      int n = Math.min(len, s.length);
      int from = "pre".equals(truncating) ? s.length - n : 0;
      int to = "pre".equals(padding) ? len - n : 0;
      System.arraycopy(s, from, out[i], to, n);
    }
    return out;
  }

  /** Keras' defaults for sequences of feature vectors: the longest, {@code "pre"}, 0. */
  public static float[][][] pad(float[][][] sequences) {
    return pad(sequences, null, "pre", "pre", 0f);
  }

  /**
   * Keras' {@code pad_sequences} on sequences of feature vectors {@code (n, t_i, features)}, e.g.
   * variable-length sensor windows: output {@code (n, maxlen, features)}, each padding step a
   * vector of {@code value}. Every vector must have the width of the first vector of the first
   * non-empty sequence (Keras' {@code sample_shape}); without any, the padding steps are empty
   * vectors.
   *
   * @throws IllegalArgumentException for a bad option or a vector of another width
   */
  public static float[][][] pad(
      float[][][] sequences, Integer maxlen, String padding, String truncating, float value) {
    Objects.requireNonNull(sequences, "sequences");
    int[] lengths = new int[sequences.length];
    int width = -1;
    for (int i = 0; i < sequences.length; i++) {
      float[][] s = checked(sequences[i], i);
      lengths[i] = s.length;
      for (int t = 0; t < s.length; t++) {
        if (s[t] == null) {
          throw new IllegalArgumentException("sequence " + i + " step " + t + " is null");
        }
        if (width < 0) {
          width = s[t].length;
        } else if (s[t].length != width) {
          throw new IllegalArgumentException(
              "sequence "
                  + i
                  + " step "
                  + t
                  + " has "
                  + s[t].length
                  + " features; expected "
                  + width
                  + " (the width of the first step of the first non-empty sequence)");
        }
      }
    }
    int len = length(lengths, maxlen, padding, truncating);
    int features = Math.max(width, 0);
    float[][][] out = new float[sequences.length][len][];
    for (int i = 0; i < sequences.length; i++) {
      float[][] s = sequences[i];
      int n = Math.min(len, s.length);
      int from = "pre".equals(truncating) ? s.length - n : 0;
      int to = "pre".equals(padding) ? len - n : 0;
      for (int t = 0; t < len; t++) {
        float[] step = new float[features];
        if (t >= to && t < to + n) {
          System.arraycopy(s[from + t - to], 0, step, 0, features);
        } else {
          Arrays.fill(step, value);
        }
        out[i][t] = step;
      }
    }
    return out;
  }

  private static <T> T checked(T sequence, int i) {
    if (sequence == null) {
      throw new IllegalArgumentException(
          "sequence " + i + " is null; every sequence must be an array (possibly empty)");
    }
    return sequence;
  }

  private static int length(int[] lengths, Integer maxlen, String padding, String truncating) {
    checkSide("padding", padding);
    checkSide("truncating", truncating);
    int longest = 0;
    for (int l : lengths) {
      longest = Math.max(longest, l);
    }
    if (maxlen == null) {
      if (lengths.length == 0) {
        throw new IllegalArgumentException(
            "maxlen is null (the longest sequence) but there are no sequences; give maxlen");
      }
      return longest;
    }
    if (maxlen < 0) {
      throw new IllegalArgumentException("maxlen must be >= 0 or null; got " + maxlen);
    }
    if (maxlen == 0 && longest > 0 && "pre".equals(truncating)) {
      throw new IllegalArgumentException(
          "maxlen is 0 with truncating \"pre\" but a sequence has "
              + longest
              + " values; Keras fails here (its s[-0:] keeps the whole sequence)");
    }
    return maxlen;
  }

  private static void checkSide(String name, String side) {
    if (!"pre".equals(side) && !"post".equals(side)) {
      throw new IllegalArgumentException(
          name
              + " must be \"pre\" or \"post\"; got "
              + (side == null ? "null" : "\"" + side + "\""));
    }
  }
}
