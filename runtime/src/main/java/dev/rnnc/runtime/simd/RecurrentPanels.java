package dev.rnnc.runtime.simd;

/**
 * The panel layout of a recurrent kernel, for {@link FloatKernels#lstmStepPanels} and {@link
 * FloatKernels#gruStepPanels}: the row-major packed {@code U} ({@code units} rows of {@code blocks}
 * gate blocks of {@code stride} floats) cut into panels of {@value #WIDTH} columns of every gate
 * block, each panel stored whole, row after row. A step's product then reads U as one sequential
 * stream per panel instead of {@code blocks} streams with a stride of a whole row, which the
 * hardware prefetchers serve markedly faster once U no longer fits in L1 (measured 1.25x on a
 * 128-unit LSTM, whose U is 256 KB). Same size as the row-major array.
 *
 * <p>Element {@code (k, b, j)} (row k, gate block b, column j of the block) lies at {@code
 * units·blocks·q·WIDTH + k·blocks·w + b·w + (j - q·WIDTH)}, with {@code q = j / WIDTH} the panel
 * and {@code w = min(WIDTH, stride - q·WIDTH)} its width.
 */
public final class RecurrentPanels {
  /** Columns per panel: four 512-bit vectors, what one pass of a fused step sums at once. */
  public static final int WIDTH = 64;

  private RecurrentPanels() {}

  /**
   * Copies a row-major recurrent kernel into the panel layout.
   *
   * @param rowMajor {@code units} rows of {@code blocks·stride} floats
   * @param units the number of rows
   * @param blocks the number of gate blocks (4 for LSTM, 3 for GRU, 1 for SimpleRNN)
   * @param stride floats per gate block
   * @param panels the destination, at least {@code units·blocks·stride} floats
   */
  public static void pack(float[] rowMajor, int units, int blocks, int stride, float[] panels) {
    for (int q = 0; q * WIDTH < stride; q++) {
      int w = width(q, stride);
      for (int k = 0; k < units; k++) {
        for (int b = 0; b < blocks; b++) {
          System.arraycopy(
              rowMajor,
              (k * blocks + b) * stride + q * WIDTH,
              panels,
              offset(units, blocks, stride, k, b, q * WIDTH),
              w);
        }
      }
    }
  }

  /**
   * The inverse of {@link #pack}: copies a recurrent kernel in the panel layout back to row-major
   * (training runs its products on the row-major form, then packs the kernel's gradient).
   *
   * @param panels the kernel in panels, {@code units·blocks·stride} floats
   * @param units the number of rows
   * @param blocks the number of gate blocks
   * @param stride floats per gate block
   * @param rowMajor the destination, at least {@code units·blocks·stride} floats
   */
  public static void unpack(float[] panels, int units, int blocks, int stride, float[] rowMajor) {
    for (int q = 0; q * WIDTH < stride; q++) {
      int w = width(q, stride);
      for (int k = 0; k < units; k++) {
        for (int b = 0; b < blocks; b++) {
          System.arraycopy(
              panels,
              offset(units, blocks, stride, k, b, q * WIDTH),
              rowMajor,
              (k * blocks + b) * stride + q * WIDTH,
              w);
        }
      }
    }
  }

  /**
   * Where element {@code (k, b, j)} lies in the panel layout.
   *
   * @param units the number of rows
   * @param blocks the number of gate blocks
   * @param stride floats per gate block
   * @param k the row
   * @param b the gate block
   * @param j the column within the block
   * @return the index into the panel array
   */
  public static int offset(int units, int blocks, int stride, int k, int b, int j) {
    int q = j / WIDTH;
    int w = width(q, stride);
    return units * blocks * q * WIDTH + k * blocks * w + b * w + (j - q * WIDTH);
  }

  /** The width of panel {@code q}. */
  static int width(int q, int stride) {
    return Math.min(WIDTH, stride - q * WIDTH);
  }
}
