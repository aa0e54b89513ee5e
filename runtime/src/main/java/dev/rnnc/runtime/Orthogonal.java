package dev.rnnc.runtime;

import java.util.random.RandomGenerator;

/** Random orthogonal matrices for {@link Initializer#orthogonal()}. */
final class Orthogonal {
  private Orthogonal() {}

  /**
   * A {@code rows × cols} matrix (row-major) whose shorter dimension is orthonormal: a Gaussian
   * matrix orthonormalized by modified Gram–Schmidt (equivalent to Keras' QR with sign fix).
   */
  static float[] matrix(int rows, int cols, RandomGenerator random) {
    int vectors = Math.min(rows, cols);
    int length = Math.max(rows, cols);
    double[][] q = new double[vectors][length];
    for (int v = 0; v < vectors; v++) {
      double norm;
      do {
        for (int i = 0; i < length; i++) {
          q[v][i] = random.nextGaussian();
        }
        for (int p = 0; p < v; p++) {
          double dot = 0;
          for (int i = 0; i < length; i++) {
            dot += q[v][i] * q[p][i];
          }
          for (int i = 0; i < length; i++) {
            q[v][i] -= dot * q[p][i];
          }
        }
        norm = 0;
        for (int i = 0; i < length; i++) {
          norm += q[v][i] * q[v][i];
        }
        norm = Math.sqrt(norm);
      } while (norm < 1e-6); // a degenerate draw: try again
      for (int i = 0; i < length; i++) {
        q[v][i] /= norm;
      }
    }
    float[] out = new float[rows * cols];
    for (int v = 0; v < vectors; v++) {
      for (int i = 0; i < length; i++) {
        // rows <= cols: vector v is row v; otherwise it is column v.
        int index = rows <= cols ? v * cols + i : i * cols + v;
        out[index] = (float) q[v][i];
      }
    }
    return out;
  }
}
