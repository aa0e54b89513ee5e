package dev.rnnc.runtime.simd;

import java.util.function.DoubleSupplier;

/**
 * An independent double-precision model of the recurrent layers, written from the Keras 3 formulas
 * in {@code reference/rnn-semantics.md} (§2) on Keras-layout weights and Keras gate order (LSTM i,
 * f, c, o; GRU z, r, h), with Keras masking (§3: a masked step keeps the states), plus PyTorch's
 * LSTM {@code proj_size}. It shares nothing with the runtime but the {@link Activation} names: the
 * activations are written out again here. Its gradients are central finite differences of the loss
 * in double, accurate to about 1e-8, against which the float kernels' analytic gradients are
 * checked.
 *
 * <p>Loss: {@code Σ_{b,t} wH[b][t]·h_t[b] + Σ_b wC[b]·c_T[b]} over the states after every step (a
 * masked step's carried state included), {@code c} only for the LSTMs.
 */
final class ReferenceRnn {
  /** The cell kinds. */
  enum Kind {
    SIMPLE(1),
    LSTM(4),
    GRU(3),
    GRU_RESET_BEFORE(3),
    LSTM_PROJECTED(4);

    final int blocks;

    Kind(int blocks) {
      this.blocks = blocks;
    }

    boolean hasCell() {
      return this == LSTM || this == LSTM_PROJECTED;
    }
  }

  /** A layer: sizes and options. {@code projSize} only for {@link Kind#LSTM_PROJECTED}. */
  record Spec(
      Kind kind,
      int features,
      int units,
      int projSize,
      Activation act,
      Activation recAct,
      boolean useBias) {
    /** Width of h: the units, or the projection's size. */
    int hUnits() {
      return kind == Kind.LSTM_PROJECTED ? projSize : units;
    }

    /** Length of the Keras bias: (2, 3u) for a reset_after GRU. */
    int biasLength() {
      return (kind == Kind.GRU ? 2 : 1) * kind.blocks * units;
    }
  }

  /** Every input of the loss, each in Keras layout, all perturbable. */
  static final class Params {
    double[] kernel; // features × blocks·units
    double[] recurrent; // hUnits × blocks·units
    double[] bias; // biasLength, or empty
    double[] projection; // units × projSize, or empty
    double[] x; // batch × T × features
    double[] h0; // batch × hUnits
    double[] c0; // batch × units, or empty
    // Keras' dropout masks (dropout_rnn_cell.py), fixed for the whole sequence, Keras gate order:
    double[] inMask; // batch × inMasks × features (1 mask, or one per gate), or null
    int inMasks;
    double[] recMask; // batch × blocks × hUnits (SimpleRNN: 1 block), or null
  }

  private ReferenceRnn() {}

  static double act(Activation a, double x) {
    return switch (a) {
      case LINEAR -> x;
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case RELU -> x > 0 ? x : 0;
      case HARD_SIGMOID -> Math.min(1, Math.max(0, (x + 3) / 6));
      case ELU -> x > 0 ? x : Math.exp(x) - 1;
      case SELU ->
          1.0507009873554804934193349852946
              * (x > 0 ? x : 1.6732632423543772848170429916717 * (Math.exp(x) - 1));
      case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
      case SWISH -> x / (1 + Math.exp(-x));
      case SOFTPLUS -> Math.log1p(Math.exp(x));
      case SOFTSIGN -> x / (1 + Math.abs(x));
    };
  }

  /** erf by its Taylor series near 0 and erfc's continued fraction beyond 3: about 1e-14. */
  static double erf(double x) {
    double a = Math.abs(x);
    double value;
    if (a < 3) {
      double sum = 0;
      double term = a; // a^(2n+1) (-1)^n / n!
      for (int n = 0; n < 80; n++) {
        sum += term / (2 * n + 1);
        term *= -a * a / (n + 1);
      }
      value = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = a;
      for (int n = 80; n >= 1; n--) {
        f = a + (n / 2.0) / f;
      }
      value = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -value : value;
  }

  /**
   * The loss; {@code mask} is batch × T (null: all real), {@code wC} batch × units (LSTMs only).
   */
  static double loss(
      Spec spec, Params p, int batch, int steps, boolean[] mask, double[] wH, double[] wC) {
    int u = spec.units();
    int hu = spec.hUnits();
    int f = spec.features();
    double total = 0;
    for (int b = 0; b < batch; b++) {
      double[] h = new double[hu];
      System.arraycopy(p.h0, b * hu, h, 0, hu);
      double[] c = new double[u];
      if (spec.kind().hasCell()) {
        System.arraycopy(p.c0, b * u, c, 0, u);
      }
      for (int t = 0; t < steps; t++) {
        if (mask == null || mask[b * steps + t]) {
          double[] x = new double[f];
          System.arraycopy(p.x, (b * steps + t) * f, x, 0, f);
          h = step(spec, p, b, x, h, c);
        }
        for (int j = 0; j < hu; j++) {
          total += wH[(b * steps + t) * hu + j] * h[j];
        }
      }
      if (spec.kind().hasCell()) {
        for (int j = 0; j < u; j++) {
          total += wC[b * u + j] * c[j];
        }
      }
    }
    return total;
  }

  /**
   * One step of sample {@code b}: returns the new h; updates {@code c} in place for the LSTMs. With
   * dropout masks, as Keras 3.15's cells' {@code call(training=True)}: gate block {@code q} reads
   * {@code x ⊙ inMask[b][q]} (or the one input mask) and {@code h ⊙ recMask[b][q]} in its products
   * (the GRU's candidate: before the reset gate), everything else the unmasked {@code h} and {@code
   * c}.
   */
  private static double[] step(Spec spec, Params p, int b, double[] x, double[] h, double[] c) {
    int u = spec.units();
    int blocks = spec.kind().blocks;
    int g = blocks * u;
    int f = spec.features();
    double[] mx = new double[g]; // x·W + b (the input bias row for a reset_after GRU)
    for (int j = 0; j < g; j++) {
      double s = spec.useBias() ? p.bias[j] : 0;
      int q = p.inMask == null || p.inMasks == 1 ? 0 : j / u;
      for (int k = 0; k < f; k++) {
        double xk = p.inMask == null ? x[k] : x[k] * p.inMask[(b * p.inMasks + q) * f + k];
        s += xk * p.kernel[k * g + j];
      }
      mx[j] = s;
    }
    if (p.recMask != null) {
      return maskedStep(spec, p, b, mx, h, c);
    }
    Activation a = spec.act();
    Activation ra = spec.recAct();
    return switch (spec.kind()) {
      case SIMPLE -> {
        double[] z = add(mx, times(h, p.recurrent, g, 0, g));
        double[] out = new double[u];
        for (int j = 0; j < u; j++) {
          out[j] = act(a, z[j]);
        }
        yield out;
      }
      case LSTM, LSTM_PROJECTED -> {
        double[] z = add(mx, times(h, p.recurrent, g, 0, g));
        double[] cellOut = new double[u];
        for (int j = 0; j < u; j++) {
          double i = act(ra, z[j]);
          double fg = act(ra, z[u + j]);
          double cand = act(a, z[2 * u + j]);
          double o = act(ra, z[3 * u + j]);
          c[j] = fg * c[j] + i * cand;
          cellOut[j] = o * act(a, c[j]);
        }
        if (spec.kind() == Kind.LSTM) {
          yield cellOut;
        }
        int ps = spec.projSize();
        yield times(cellOut, p.projection, ps, 0, ps);
      }
      case GRU -> {
        double[] mh = times(h, p.recurrent, g, 0, g);
        if (spec.useBias()) {
          for (int j = 0; j < g; j++) {
            mh[j] += p.bias[g + j];
          }
        }
        double[] out = new double[u];
        for (int j = 0; j < u; j++) {
          double z = act(ra, mx[j] + mh[j]);
          double r = act(ra, mx[u + j] + mh[u + j]);
          double hh = act(a, mx[2 * u + j] + r * mh[2 * u + j]);
          out[j] = z * h[j] + (1 - z) * hh;
        }
        yield out;
      }
      case GRU_RESET_BEFORE -> {
        double[] zr = times(h, p.recurrent, g, 0, 2 * u);
        double[] z = new double[u];
        double[] rh = new double[u];
        for (int j = 0; j < u; j++) {
          z[j] = act(ra, mx[j] + zr[j]);
          rh[j] = act(ra, mx[u + j] + zr[u + j]) * h[j];
        }
        double[] cand = times(rh, p.recurrent, g, 2 * u, u);
        double[] out = new double[u];
        for (int j = 0; j < u; j++) {
          double hh = act(a, mx[2 * u + j] + cand[j]);
          out[j] = z[j] * h[j] + (1 - z[j]) * hh;
        }
        yield out;
      }
    };
  }

  /** {@link #step} with recurrent masks: every gate block's recurrent product reads its own. */
  private static double[] maskedStep(
      Spec spec, Params p, int b, double[] mx, double[] h, double[] c) {
    int u = spec.units();
    int blocks = spec.kind().blocks;
    int g = blocks * u;
    int hu = spec.hUnits();
    double[][] hm = new double[blocks][hu];
    for (int q = 0; q < blocks; q++) {
      for (int j = 0; j < hu; j++) {
        hm[q][j] = h[j] * p.recMask[(b * blocks + q) * hu + j];
      }
    }
    Activation a = spec.act();
    Activation ra = spec.recAct();
    double[] out = new double[u];
    switch (spec.kind()) {
      case SIMPLE -> {
        double[] z = times(hm[0], p.recurrent, g, 0, u);
        for (int j = 0; j < u; j++) {
          out[j] = act(a, mx[j] + z[j]);
        }
      }
      case LSTM -> {
        double[][] z = new double[4][];
        for (int q = 0; q < 4; q++) {
          z[q] = times(hm[q], p.recurrent, g, q * u, u);
        }
        for (int j = 0; j < u; j++) {
          double i = act(ra, mx[j] + z[0][j]);
          double fg = act(ra, mx[u + j] + z[1][j]);
          double cand = act(a, mx[2 * u + j] + z[2][j]);
          double o = act(ra, mx[3 * u + j] + z[3][j]);
          c[j] = fg * c[j] + i * cand;
          out[j] = o * act(a, c[j]);
        }
      }
      case GRU -> {
        double[][] mh = new double[3][];
        for (int q = 0; q < 3; q++) {
          mh[q] = times(hm[q], p.recurrent, g, q * u, u);
          if (spec.useBias()) {
            for (int j = 0; j < u; j++) {
              mh[q][j] += p.bias[g + q * u + j];
            }
          }
        }
        for (int j = 0; j < u; j++) {
          double z = act(ra, mx[j] + mh[0][j]);
          double r = act(ra, mx[u + j] + mh[1][j]);
          double hh = act(a, mx[2 * u + j] + r * mh[2][j]);
          out[j] = z * h[j] + (1 - z) * hh;
        }
      }
      case GRU_RESET_BEFORE -> {
        double[] zz = times(hm[0], p.recurrent, g, 0, u);
        double[] rr = times(hm[1], p.recurrent, g, u, u);
        double[] z = new double[u];
        double[] rh = new double[u];
        for (int j = 0; j < u; j++) {
          z[j] = act(ra, mx[j] + zz[j]);
          rh[j] = act(ra, mx[u + j] + rr[j]) * hm[2][j];
        }
        double[] cand = times(rh, p.recurrent, g, 2 * u, u);
        for (int j = 0; j < u; j++) {
          out[j] = z[j] * h[j] + (1 - z[j]) * act(a, mx[2 * u + j] + cand[j]);
        }
      }
      case LSTM_PROJECTED -> throw new IllegalArgumentException("no recurrent dropout here");
    }
    return out;
  }

  /** {@code v·M[:, from .. from + width]} for M with {@code cols} columns. */
  private static double[] times(double[] v, double[] m, int cols, int from, int width) {
    double[] out = new double[width];
    for (int k = 0; k < v.length; k++) {
      for (int j = 0; j < width; j++) {
        out[j] += v[k] * m[k * cols + from + j];
      }
    }
    return out;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = a.clone();
    for (int j = 0; j < out.length; j++) {
      out[j] += b[j];
    }
    return out;
  }

  /**
   * Central differences of {@code loss} with respect to every entry of {@code param}, step 1e-6.
   */
  static double[] gradient(double[] param, DoubleSupplier loss) {
    double eps = 1e-6;
    double[] grad = new double[param.length];
    for (int i = 0; i < param.length; i++) {
      double keep = param[i];
      param[i] = keep + eps;
      double up = loss.getAsDouble();
      param[i] = keep - eps;
      double down = loss.getAsDouble();
      param[i] = keep;
      grad[i] = (up - down) / (2 * eps);
    }
    return grad;
  }
}
