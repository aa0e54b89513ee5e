package dev.rnnc.benchmarks;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;

/**
 * The scalar baselines' building blocks: the Keras cells written as plain Java loops, the way one
 * would without rnnc. Keras-layout weights ({@code x @ W}, gate blocks as Keras orders them), the
 * input projection inside the timestep loop, {@link Math#tanh} and {@link Math#exp}.
 */
final class ScalarCells {
  private ScalarCells() {}

  /** A layer's variable in Keras layout. */
  static float[] weights(RnncModel model, String layer, String variable) {
    Layer l = model.layer(layer);
    return l.variable(variable).get();
  }

  /** LSTM step, Keras gate order i, f, c, o; {@code z} is scratch of {@code 4·units}. */
  static void lstm(
      float[] x,
      int xOff,
      int features,
      float[] kernel,
      float[] recurrent,
      float[] bias,
      float[] h,
      float[] c,
      float[] z,
      int units) {
    int width = 4 * units;
    for (int j = 0; j < width; j++) {
      float s = bias[j];
      for (int k = 0; k < features; k++) {
        s += x[xOff + k] * kernel[k * width + j];
      }
      for (int k = 0; k < units; k++) {
        s += h[k] * recurrent[k * width + j];
      }
      z[j] = s;
    }
    for (int j = 0; j < units; j++) {
      float i = sigmoid(z[j]);
      float f = sigmoid(z[units + j]);
      float g = (float) Math.tanh(z[2 * units + j]);
      float o = sigmoid(z[3 * units + j]);
      c[j] = f * c[j] + i * g;
      h[j] = o * (float) Math.tanh(c[j]);
    }
  }

  /**
   * GRU step, {@code reset_after=True}, Keras gate order z, r, h; {@code bias} is Keras' (2,
   * 3·units) (input row, then recurrent row); {@code mx}, {@code mh} are scratch of {@code
   * 3·units}.
   */
  static void gru(
      float[] x,
      int xOff,
      int features,
      float[] kernel,
      float[] recurrent,
      float[] bias,
      float[] h,
      float[] mx,
      float[] mh,
      int units) {
    int width = 3 * units;
    for (int j = 0; j < width; j++) {
      float sx = bias[j];
      for (int k = 0; k < features; k++) {
        sx += x[xOff + k] * kernel[k * width + j];
      }
      float sh = bias[width + j];
      for (int k = 0; k < units; k++) {
        sh += h[k] * recurrent[k * width + j];
      }
      mx[j] = sx;
      mh[j] = sh;
    }
    for (int j = 0; j < units; j++) {
      float z = sigmoid(mx[j] + mh[j]);
      float r = sigmoid(mx[units + j] + mh[units + j]);
      float hh = (float) Math.tanh(mx[2 * units + j] + r * mh[2 * units + j]);
      h[j] = z * h[j] + (1 - z) * hh;
    }
  }

  /** SimpleRNN step with tanh; {@code z} is scratch of {@code units}. */
  static void simpleRnn(
      float[] x,
      int xOff,
      int features,
      float[] kernel,
      float[] recurrent,
      float[] bias,
      float[] h,
      float[] z,
      int units) {
    for (int j = 0; j < units; j++) {
      float s = bias[j];
      for (int k = 0; k < features; k++) {
        s += x[xOff + k] * kernel[k * units + j];
      }
      for (int k = 0; k < units; k++) {
        s += h[k] * recurrent[k * units + j];
      }
      z[j] = s;
    }
    for (int j = 0; j < units; j++) {
      h[j] = (float) Math.tanh(z[j]);
    }
  }

  /** Dense layer without activation: {@code y = x·W + b}. */
  static void dense(float[] x, int in, float[] kernel, float[] bias, float[] y, int out) {
    for (int j = 0; j < out; j++) {
      float s = bias[j];
      for (int k = 0; k < in; k++) {
        s += x[k] * kernel[k * out + j];
      }
      y[j] = s;
    }
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
