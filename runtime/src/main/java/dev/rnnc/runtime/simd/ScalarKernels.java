package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * Plain-loop kernels: the fallback when the Vector API is unavailable and the reference the SIMD
 * kernels are tested against. Activations go through {@link Activation#apply(float)}, which
 * computes in {@code double}; the products loop over columns innermost so that C2 can
 * auto-vectorize them.
 */
public final class ScalarKernels implements FloatKernels {

  /** Creates the (stateless) scalar kernels. */
  public ScalarKernels() {}

  @Override
  public void mulAdd(
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] y,
      int yOff) {
    for (int k = 0; k < n; k++) {
      float xk = x[xOff + k];
      int row = wOff + k * wStride;
      for (int j = 0; j < width; j++) {
        y[yOff + j] += xk * w[row + j];
      }
    }
  }

  @Override
  public void matmul(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    for (int r = 0; r < rows; r++) {
      int yRow = yOff + r * yStride;
      initRow(bias, biasOff, y, yRow, width);
      mulAdd(x, xOff + r * xStride, n, w, wOff, wStride, width, y, yRow);
    }
  }

  @Override
  public void matmulColumn(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      int n,
      float[] column,
      int columnOff,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    checkColumnWidth(width);
    float b = bias == null ? 0f : bias[biasOff];
    for (int r = 0; r < rows; r++) {
      int yRow = yOff + r * yStride;
      Arrays.fill(y, yRow, yRow + COLUMN_PARTIALS, 0f);
      addColumnPartials(x, xOff + r * xStride, 0, n, column, columnOff, y, yRow);
      finishColumnRow(b, y, yRow, width);
    }
  }

  /** The partial sums of {@link #matmulColumn}, one per {@code k mod 16}. */
  static final int COLUMN_PARTIALS = 16;

  /** {@link #matmulColumn}'s check: the output row must hold the partial sums. */
  static void checkColumnWidth(int width) {
    if (width < COLUMN_PARTIALS) {
      throw new IllegalArgumentException(
          "matmulColumn: the output width must be at least "
              + COLUMN_PARTIALS
              + " (it holds the partial sums), was "
              + width);
    }
  }

  /**
   * Adds {@code x[xAt + k] * column[cOff + k]} for {@code from <= k < n} to partial sum {@code
   * p[pAt + k mod 16]}, fused, in increasing k; shared with VectorKernels, which ends its rows with
   * it.
   */
  static void addColumnPartials(
      float[] x, int xAt, int from, int n, float[] column, int cOff, float[] p, int pAt) {
    for (int k = from; k < n; k++) {
      int j = pAt + (k & (COLUMN_PARTIALS - 1));
      p[j] = Math.fma(x[xAt + k], column[cOff + k], p[j]);
    }
  }

  /**
   * Sums the sixteen partial sums at {@code y[yRow ..]} pairwise, {@code p[j] + p[j + 8]} first,
   * and writes {@code b} plus the sum to {@code y[yRow]}, zeros to the rest of the row; shared with
   * VectorKernels.
   */
  static void finishColumnRow(float b, float[] y, int yRow, int width) {
    float sum = sumColumnPartials(y, yRow);
    Arrays.fill(y, yRow + 1, yRow + width, 0f);
    y[yRow] = b + sum;
  }

  /**
   * The sum of the sixteen partial sums at {@code y[yRow ..]}, pairwise, {@code p[j] + p[j + 8]}
   * first.
   */
  static float sumColumnPartials(float[] y, int yRow) {
    float s0 = y[yRow] + y[yRow + 8], s1 = y[yRow + 1] + y[yRow + 9];
    float s2 = y[yRow + 2] + y[yRow + 10], s3 = y[yRow + 3] + y[yRow + 11];
    float s4 = y[yRow + 4] + y[yRow + 12], s5 = y[yRow + 5] + y[yRow + 13];
    float s6 = y[yRow + 6] + y[yRow + 14], s7 = y[yRow + 7] + y[yRow + 15];
    return ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
  }

  /**
   * Sets {@code y[yOff .. + width)} to the bias, or to zero if {@code bias} is null; shared with
   * VectorKernels.
   */
  static void initRow(float[] bias, int biasOff, float[] y, int yOff, int width) {
    if (bias == null) {
      Arrays.fill(y, yOff, yOff + width, 0f);
    } else {
      System.arraycopy(bias, biasOff, y, yOff, width);
    }
  }

  @Override
  public void activate(Activation act, float[] a, int off, int len) {
    if (act == Activation.LINEAR) {
      return;
    }
    for (int j = off; j < off + len; j++) {
      a[j] = act.apply(a[j]);
    }
  }

  @Override
  public void softmax(float[] a, int off, int len) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = off; j < off + len; j++) {
      max = Math.max(max, a[j]);
    }
    double sum = 0;
    for (int j = off; j < off + len; j++) {
      sum += Math.exp(a[j] - max);
    }
    for (int j = off; j < off + len; j++) {
      a[j] = (float) (Math.exp(a[j] - max) / sum);
    }
  }

  @Override
  public void lstmCell(
      float[] gates, int gOff, int stride, float[] c, float[] h, int len, Activation act) {
    for (int j = 0; j < len; j++) {
      int g = gOff + j;
      float i = gates[g];
      float f = gates[g + stride];
      float o = gates[g + 2 * stride];
      float cand = gates[g + 3 * stride];
      float cj = (float) ((double) f * c[j] + (double) i * cand);
      c[j] = cj;
      h[j] = o * act.apply(cj);
    }
  }

  @Override
  public void gruResetAfter(
      float[] mx,
      int mxOff,
      float[] mh,
      int mhOff,
      int stride,
      float[] h,
      int len,
      Activation act,
      Activation recAct) {
    ComposedSteps.gruUpdate(mx, mxOff, mh, mhOff, stride, h, 0, len, act, recAct, false);
  }

  @Override
  public void lstmStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.lstm(
        this, projection, pOff, recurrentKernel, units, stride, c, h, scratch, act, recAct);
  }

  @Override
  public void lstmSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.lstmBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        false,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0,
        false);
  }

  @Override
  public void lstmTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      boolean panels,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] keep,
      int keepOff,
      int keepStride) {
    ComposedSteps.lstmBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        panels,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct,
        keep,
        keepOff,
        keepStride,
        true);
  }

  @Override
  public void lstmStepsPanels(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.lstmBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentPanels,
        true,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0,
        false);
  }

  @Override
  public void lstmStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.lstmPanels(
        this, projection, pOff, recurrentPanels, units, stride, c, h, scratch, act, recAct);
  }

  @Override
  public void gruStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.gruPanels(
        this,
        projection,
        pOff,
        recurrentPanels,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        scratch,
        act,
        recAct);
  }

  @Override
  public void gruStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.gru(
        this,
        projection,
        pOff,
        recurrentKernel,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        scratch,
        act,
        recAct);
  }

  @Override
  public void gruSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.gruBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        false,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0);
  }

  @Override
  public void gruTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      boolean panels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] keep,
      int keepOff,
      int keepStride) {
    ComposedSteps.gruBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        panels,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct,
        keep,
        keepOff,
        keepStride);
  }

  @Override
  public void gruStepsPanels(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentPanels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    ComposedSteps.gruBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentPanels,
        true,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0);
  }

  @Override
  public void simpleRnnStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act) {
    ComposedSteps.simpleRnn(
        this, projection, pOff, recurrentKernel, units, stride, h, scratch, act);
  }

  @Override
  public void simpleRnnSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act) {
    ComposedSteps.simpleRnnBatch(
        this,
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        false);
  }

  @Override
  public void mul(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    for (int j = 0; j < len; j++) {
      dst[dstOff + j] = a[aOff + j] * b[bOff + j];
    }
  }

  @Override
  public void gruBlend(float[] z, int zOff, float[] hh, int hhOff, float[] h, int len) {
    for (int j = 0; j < len; j++) {
      float zj = z[zOff + j];
      h[j] = (float) ((double) zj * h[j] + (1.0 - zj) * hh[hhOff + j]);
    }
  }

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    for (int j = 0; j < len; j++) {
      dst[dstOff + j] = a[aOff + j] + b[bOff + j];
    }
  }

  @Override
  public String description() {
    return "scalar";
  }
}
