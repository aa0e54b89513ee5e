package dev.rnnc.runtime.simd;

/**
 * A recurrent kernel transposed for a backward step's {@code dh_{t-1} = dz·Uᵀ}: once per training
 * step, so that the product runs as a plain {@code matmul} over {@code Uᵀ} rather than a dot
 * product per unit, each ending in a sum across lanes. Shared by the LSTM (4 gate blocks), the GRU
 * (3) and SimpleRNN (1).
 */
final class RecurrentTranspose {
  private RecurrentTranspose() {}

  /**
   * {@code u} ({@code units × blocks·stride}, row-major) transposed into {@code uT}: {@code
   * blocks·stride} rows of {@code stride} floats, the first {@code units} of each used.
   */
  static void transpose(float[] u, int units, int blocks, int stride, float[] uT) {
    int width = blocks * stride;
    for (int k = 0; k < units; k++) {
      for (int j = 0; j < width; j++) {
        uT[j * stride + k] = u[k * width + j];
      }
    }
  }

  /** Floats of {@link #transpose}'s output. */
  static int size(int blocks, int stride) {
    return blocks * stride * stride;
  }
}
