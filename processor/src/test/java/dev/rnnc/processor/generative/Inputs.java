package dev.rnnc.processor.generative;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A random batch for a declaration: float features in [-1, 1], or token ids. Where a mask source
 * reads them (a {@code @Masking} first layer, {@code @Embedding(maskZero = true)}), about a third
 * of the steps are padding (every feature the mask value, or id 0) — leading, trailing and interior
 * alike, whole rows now and then.
 */
record Inputs(float[][][] floats, int[][] tokens) {

  static Inputs draw(Decl decl, int batch, int steps, SplittableRandom random) {
    Decl.Kind first = decl.layers().getFirst().kind();
    if (decl.input().tokens()) {
      Decl.Embedding e = (Decl.Embedding) first;
      int[][] ids = new int[batch][steps];
      for (int[] row : ids) {
        for (int t = 0; t < steps; t++) {
          row[t] = e.maskZero() && random.nextInt(3) == 0 ? 0 : random.nextInt(e.inputDim());
        }
      }
      return new Inputs(null, ids);
    }
    Double maskValue = first instanceof Decl.Masking m ? m.maskValue() : null;
    float[][][] x = new float[batch][steps][decl.input().features()];
    for (float[][] sample : x) {
      for (float[] step : sample) {
        boolean pad = maskValue != null && random.nextInt(3) == 0;
        for (int k = 0; k < step.length; k++) {
          step[k] = pad ? (float) (double) maskValue : (float) random.nextDouble(-1, 1);
        }
      }
    }
    return new Inputs(x, null);
  }

  /** Sample {@code b} as the single-sample call takes it. */
  Object sample(int b) {
    return tokens != null ? tokens[b] : floats[b];
  }

  /** The batch as the batch call takes it. */
  Object batch() {
    return tokens != null ? tokens : floats;
  }

  /** Sample {@code b} in double, for the reference. */
  double[][] floatsOf(int b) {
    double[][] out = new double[floats[b].length][];
    for (int t = 0; t < out.length; t++) {
      out[t] = new double[floats[b][t].length];
      for (int k = 0; k < out[t].length; k++) {
        out[t][k] = floats[b][t][k];
      }
    }
    return out;
  }

  String describe(int b) {
    return tokens != null ? Arrays.toString(tokens[b]) : Arrays.deepToString(floats[b]);
  }
}
