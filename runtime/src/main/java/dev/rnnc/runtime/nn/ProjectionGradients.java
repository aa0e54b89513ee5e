package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.simd.GradientKernels;
import java.util.Arrays;

/**
 * The gradients of a projection {@code y = x·W + b} over many rows at once, for generated code: a
 * recurrent layer's input projection over the whole sequence (rows {@code b·T + t}, from the {@code
 * dProjection} its backward steps wrote), or a Dense layer's rows (from its pre-activation
 * gradient, see {@link DenseGradients}). {@code W} is the packed kernel, {@code inputs × width}
 * row-major with row stride {@code width} ({@code width} = blocks·stride, padding columns
 * included); gradients have the layout of what they are the gradient of. Runs on {@link
 * GradientKernels#INSTANCE}.
 */
public final class ProjectionGradients {
  private ProjectionGradients() {}

  /**
   * {@code dKernel += xᵀ·dProjection}: {@code dKernel[k][j] += Σ_r x[r][k]·dProjection[r][j]}.
   *
   * @param rows the number of rows
   * @param x the projection's input rows
   * @param xOffset offset of row 0
   * @param xStride distance between input rows
   * @param inputs the number of inputs per row (rows of the kernel)
   * @param dProjection the projection's gradient rows
   * @param dOffset offset of row 0
   * @param dStride distance between gradient rows
   * @param width the kernel's packed width
   * @param dKernel the kernel's gradient, {@code inputs × width}, accumulated
   */
  public static void kernel(
      int rows,
      float[] x,
      int xOffset,
      int xStride,
      int inputs,
      float[] dProjection,
      int dOffset,
      int dStride,
      int width,
      float[] dKernel) {
    GradientKernels.INSTANCE.mulAddOuter(
        rows, x, xOffset, xStride, inputs, dProjection, dOffset, dStride, width, dKernel, 0, width);
  }

  /**
   * {@code dBias += Σ_r dProjection[r]}: the gradient of the bias the projection adds (a GRU's
   * first, input, row).
   *
   * @param rows the number of rows
   * @param dProjection the projection's gradient rows
   * @param dOffset offset of row 0
   * @param dStride distance between gradient rows
   * @param width the bias' packed width
   * @param dBias the bias' gradient, accumulated
   * @param dBiasOffset offset of the bias row
   */
  public static void bias(
      int rows,
      float[] dProjection,
      int dOffset,
      int dStride,
      int width,
      float[] dBias,
      int dBiasOffset) {
    GradientKernels.INSTANCE.addRows(
        rows, dProjection, dOffset, dStride, width, dBias, dBiasOffset);
  }

  /**
   * {@code dx = dProjection·Wᵀ}: the gradient with respect to the projection's input, written over
   * {@code inputs} floats of each row of {@code dx} (its padding untouched).
   *
   * @param rows the number of rows
   * @param dProjection the projection's gradient rows
   * @param dOffset offset of row 0
   * @param dStride distance between gradient rows
   * @param width the kernel's packed width
   * @param kernel the packed kernel {@code W}, {@code inputs × width}
   * @param inputs the number of inputs per row
   * @param dx the input gradient rows, written
   * @param dxOffset offset of row 0
   * @param dxStride distance between input gradient rows
   */
  public static void input(
      int rows,
      float[] dProjection,
      int dOffset,
      int dStride,
      int width,
      float[] kernel,
      int inputs,
      float[] dx,
      int dxOffset,
      int dxStride) {
    for (int r = 0; r < rows; r++) {
      Arrays.fill(dx, dxOffset + r * dxStride, dxOffset + r * dxStride + inputs, 0f);
    }
    addInput(rows, dProjection, dOffset, dStride, width, kernel, inputs, dx, dxOffset, dxStride);
  }

  /**
   * {@code dx += dProjection·Wᵀ}: {@link #input} for an input that feeds several layers (a graph's
   * shared tensor), whose gradients add up.
   *
   * @param rows the number of rows
   * @param dProjection the projection's gradient rows
   * @param dOffset offset of row 0
   * @param dStride distance between gradient rows
   * @param width the kernel's packed width
   * @param kernel the packed kernel {@code W}, {@code inputs × width}
   * @param inputs the number of inputs per row
   * @param dx the input gradient rows, accumulated
   * @param dxOffset offset of row 0
   * @param dxStride distance between input gradient rows
   */
  public static void addInput(
      int rows,
      float[] dProjection,
      int dOffset,
      int dStride,
      int width,
      float[] kernel,
      int inputs,
      float[] dx,
      int dxOffset,
      int dxStride) {
    GradientKernels.INSTANCE.mulAddTransposed(
        rows,
        dProjection,
        dOffset,
        dStride,
        width,
        kernel,
        0,
        width,
        inputs,
        dx,
        dxOffset,
        dxStride);
  }
}
