package dev.rnnc.runtime.simd;

/**
 * Plain-loop {@link FloatGradientKernels}: the fallback without the Vector API and the reference
 * the vector kernels are tested against. Sums run in float, in index order; the inner loops run
 * over contiguous columns where the product allows it, so that C2 can auto-vectorize them.
 */
public final class ScalarGradientKernels implements FloatGradientKernels {
  /** Creates the (stateless) scalar kernels. */
  public ScalarGradientKernels() {}

  @Override
  public void mulAddTransposed(
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
      int outStride) {
    for (int r = 0; r < rows; r++) {
      int dRow = dOff + r * dStride;
      for (int k = 0; k < n; k++) {
        int wRow = wOff + k * wStride;
        float sum = 0f;
        for (int j = 0; j < width; j++) {
          sum += d[dRow + j] * w[wRow + j];
        }
        out[outOff + r * outStride + k] += sum;
      }
    }
  }

  @Override
  public void mulAddOuter(
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
      int dstStride) {
    for (int r = 0; r < rows; r++) {
      int aRow = aOff + r * aStride;
      int dRow = dOff + r * dStride;
      for (int k = 0; k < n; k++) {
        float ark = a[aRow + k];
        int dstRow = dstOff + k * dstStride;
        for (int j = 0; j < width; j++) {
          dst[dstRow + j] += ark * d[dRow + j];
        }
      }
    }
  }

  @Override
  public void addRows(
      int rows, float[] d, int dOff, int dStride, int width, float[] dst, int dstOff) {
    for (int r = 0; r < rows; r++) {
      int dRow = dOff + r * dStride;
      for (int j = 0; j < width; j++) {
        dst[dstOff + j] += d[dRow + j];
      }
    }
  }

  @Override
  public void lstmGateGradients(
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
      int row) {
    int f = stride;
    int o = 2 * stride;
    int c = 3 * stride;
    for (int j = 0; j < units; j++) {
      float ig = gates[gate + j];
      float fg = gates[gate + f + j];
      float og = gates[gate + o + j];
      float cg = gates[gate + c + j];
      float tc = cAct[cActOff + j];
      float dhj = dh[dhOff + j];
      // dL/dc_t: what flows from c_{t+1} plus what h_t = o·tanh(c_t) passes on
      float dct = dc[dcOff + j] + dhj * og * (1f - tc * tc);
      dc[dcOff + j] = dct * fg;
      dGates[row + j] = dct * cg * ig * (1f - ig);
      dGates[row + f + j] = dct * cPrev[cPrevOff + j] * fg * (1f - fg);
      dGates[row + o + j] = dhj * tc * og * (1f - og);
      dGates[row + c + j] = dct * ig * (1f - cg * cg);
    }
  }

  @Override
  public void gruGateGradients(
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
      int directOff) {
    int r = stride;
    int c = 2 * stride;
    for (int j = 0; j < units; j++) {
      float zg = gates[gate + j];
      float rg = gates[gate + r + j];
      float hh = gates[gate + c + j];
      float dhj = dh[dhOff + j];
      // h_t = z·h_{t-1} + (1 - z)·hh, hh = tanh(x_h + r·mh_h), z and r sigmoids
      float dHh = dhj * (1f - zg) * (1f - hh * hh);
      float dR = dHh * mhH[mhHOff + j] * (rg * (1f - rg));
      float dZ = dhj * (hPrev[hPrevOff + j] - hh) * (zg * (1f - zg));
      dGates[row + j] = dZ;
      dGates[row + r + j] = dR;
      dGates[row + c + j] = dHh;
      dmh[dmhOff + j] = dZ;
      dmh[dmhOff + r + j] = dR;
      dmh[dmhOff + c + j] = dHh * rg;
      direct[directOff + j] = dhj * zg;
    }
  }

  @Override
  public String description() {
    return "scalar";
  }
}
