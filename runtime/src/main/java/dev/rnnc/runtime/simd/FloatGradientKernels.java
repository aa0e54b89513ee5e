package dev.rnnc.runtime.simd;

/**
 * The matrix products of backward passes, on row-major float matrices given as (array, offset of
 * element (0, 0), distance between rows), and the LSTM cell's element-wise backward step (the
 * largest element-wise share of a training step). Two implementations: {@link
 * ScalarGradientKernels}, the reference, and {@link VectorGradientKernels}; {@link GradientKernels}
 * picks one per process.
 *
 * <p>Every method accumulates ({@code +=}) into its output, so that gradients from several
 * timesteps, samples or consumers add up without a copy; callers that want {@code =} clear the
 * output first. Only the elements named are read or written: padding columns beyond {@code width}
 * or {@code n} are never touched.
 */
public interface FloatGradientKernels {
  /**
   * {@code out[r][k] += Σ_{j < width} d[r][j]·w[k][j]} for {@code r < rows}, {@code k < n}: the
   * product with the transpose of {@code w}, read row-major as it is (no transposed copy). Backward
   * passes use it for {@code dh = dGates·Uᵀ} and {@code dx = dProjection·Wᵀ}.
   *
   * @param rows the number of rows of {@code d} and {@code out}
   * @param d the left factor, {@code rows × width}
   * @param dOff offset of {@code d[0][0]}
   * @param dStride distance between rows of {@code d}
   * @param width the length of the dot products
   * @param w the right factor before transposition, {@code n × width}
   * @param wOff offset of {@code w[0][0]}
   * @param wStride distance between rows of {@code w}
   * @param n the number of rows of {@code w}, columns of {@code out}
   * @param out the accumulator, {@code rows × n}
   * @param outOff offset of {@code out[0][0]}
   * @param outStride distance between rows of {@code out}
   */
  void mulAddTransposed(
      int rows,
      float[] d,
      int dOff,
      int dStride,
      int width,
      float[] w,
      int wOff,
      int wStride,
      int n,
      float[] out,
      int outOff,
      int outStride);

  /**
   * {@code dst[k][j] += Σ_{r < rows} a[r][k]·d[r][j]} for {@code k < n}, {@code j < width}: the
   * product {@code aᵀ·d}, with {@code a} read row-major as it is. Backward passes use it for {@code
   * dU += h_{t-1}ᵀ·dGates} and {@code dW += xᵀ·dProjection}.
   *
   * @param rows the number of rows of {@code a} and {@code d} (the sum's length)
   * @param a the left factor before transposition, {@code rows × n}
   * @param aOff offset of {@code a[0][0]}
   * @param aStride distance between rows of {@code a}
   * @param n the number of columns of {@code a}, rows of {@code dst}
   * @param d the right factor, {@code rows × width}
   * @param dOff offset of {@code d[0][0]}
   * @param dStride distance between rows of {@code d}
   * @param width the number of columns of {@code d} and {@code dst}
   * @param dst the accumulator, {@code n × width}
   * @param dstOff offset of {@code dst[0][0]}
   * @param dstStride distance between rows of {@code dst}
   */
  void mulAddOuter(
      int rows,
      float[] a,
      int aOff,
      int aStride,
      int n,
      float[] d,
      int dOff,
      int dStride,
      int width,
      float[] dst,
      int dstOff,
      int dstStride);

  /**
   * {@code dst[j] += Σ_{r < rows} d[r][j]} for {@code j < width}: a bias gradient.
   *
   * @param rows the number of rows
   * @param d the rows
   * @param dOff offset of {@code d[0][0]}
   * @param dStride distance between rows
   * @param width the number of columns
   * @param dst the accumulator
   * @param dstOff offset of {@code dst[0]}
   */
  void addRows(int rows, float[] d, int dOff, int dStride, int width, float[] dst, int dstOff);

  /**
   * One GRU ({@code reset_after}) sample's element-wise backward for Keras' default activations
   * (candidate tanh, gates sigmoid), from {@code dh_t}, the activated gates z, r, hh (blocks of
   * {@code stride} at {@code gates[gate]}), the recurrent candidate sum {@code mh_h} at {@code
   * mhH[mhHOff]} and {@code h_{t-1}} at {@code hPrev[hPrevOff]}: writes the gate input gradients
   * (z, r, hh) to {@code dGates[row]}, the gradients of the recurrent sums (z, r, and hh's times r,
   * which scales {@code mh_h} after the product) to {@code dmh[dmhOff]}, and the direct path {@code
   * z·dh_t} of {@code dh_{t-1}} to {@code direct[directOff]}. Padding untouched. Both
   * implementations evaluate the same float expressions in the same order (no FMA): the same bits.
   *
   * @param units the number of units
   * @param stride floats per gate block
   */
  void gruGateGradients(
      float[] gates,
      int gate,
      float[] mhH,
      int mhHOff,
      float[] hPrev,
      int hPrevOff,
      int units,
      int stride,
      float[] dh,
      int dhOff,
      float[] dGates,
      int row,
      float[] dmh,
      int dmhOff,
      float[] direct,
      int directOff);

  /**
   * One LSTM sample's element-wise backward through the cell for Keras' default activations (cell
   * activation tanh, gate activation sigmoid), whose derivatives are polynomials of the outputs
   * ({@code tanh' = 1 - y²}, {@code sigmoid' = y(1 - y)}). From {@code dh_t} and {@code dc_t}, the
   * activated gates i, f, o, candidate (blocks of {@code stride} at {@code gates[gate]}), {@code
   * act(c_t)} at {@code cAct[cActOff]} and {@code c_{t-1}} at {@code cPrev[cPrevOff]}: writes the
   * gate input gradients to {@code dGates[row]} (same block layout; padding untouched) and {@code
   * dc_{t-1}} over {@code dc}. Both implementations evaluate the same float expressions in the same
   * order (no FMA), so their results are bit for bit the same.
   *
   * @param units the number of units
   * @param stride floats per gate block
   */
  void lstmGateGradients(
      float[] gates,
      int gate,
      float[] cAct,
      int cActOff,
      float[] cPrev,
      int cPrevOff,
      int units,
      int stride,
      float[] dh,
      int dhOff,
      float[] dc,
      int dcOff,
      float[] dGates,
      int row);

  /**
   * What these kernels are, for logs and benchmark reports.
   *
   * @return e.g. {@code "scalar"} or {@code "Vector API, 512-bit (16 floats)"}
   */
  String description();
}
