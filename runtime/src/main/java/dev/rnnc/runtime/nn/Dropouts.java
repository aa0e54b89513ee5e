package dev.rnnc.runtime.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Keras' {@code Dropout} in training, for generated training steps: each value is kept with
 * probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, or zeroed (inverted dropout,
 * keras/src/layers/regularization/dropout.py, one draw per element as {@code noise_shape=None}).
 * The drawn scales are kept so that the backward pass multiplies the gradient by the same ones.
 * Rows are {@code stride} floats of which {@code width} are values; padding stays zero.
 */
public final class Dropouts {
  private Dropouts() {}

  /**
   * {@code out = x · scale}, drawing a new {@code scale} (0 or {@code 1 / (1 - rate)}) per value.
   *
   * @param rows the number of rows
   * @param x the input rows
   * @param stride floats per row, of {@code x}, {@code scales} and {@code out}
   * @param width values per row
   * @param rate the fraction dropped, in [0, 1)
   * @param random the source of the draws
   * @param scales the drawn scales, written
   * @param out the output rows, written
   */
  public static void forward(
      int rows,
      float[] x,
      int stride,
      int width,
      double rate,
      RandomGenerator random,
      float[] scales,
      float[] out) {
    float keep = (float) (1 / (1 - rate));
    for (int r = 0; r < rows; r++) {
      int row = r * stride;
      for (int j = 0; j < width; j++) {
        float scale = random.nextDouble() < rate ? 0f : keep;
        scales[row + j] = scale;
        out[row + j] = x[row + j] * scale;
      }
      Arrays.fill(out, row + width, row + stride, 0f);
    }
  }

  /**
   * {@code dx = dOut · scale} with the scales of the forward pass.
   *
   * @param rows the number of rows
   * @param dOut the output's gradient rows
   * @param scales the scales {@link #forward} drew
   * @param stride floats per row
   * @param width values per row
   * @param dx the input's gradient rows, written
   */
  public static void backward(
      int rows, float[] dOut, float[] scales, int stride, int width, float[] dx) {
    for (int r = 0; r < rows; r++) {
      int row = r * stride;
      for (int j = 0; j < width; j++) {
        dx[row + j] = dOut[row + j] * scales[row + j];
      }
      Arrays.fill(dx, row + width, row + stride, 0f);
    }
  }

  /**
   * {@link #backward}, added to {@code dx} (its input has another reader, whose gradient is already
   * there).
   */
  public static void addBackward(
      int rows, float[] dOut, float[] scales, int stride, int width, float[] dx) {
    for (int r = 0; r < rows; r++) {
      int row = r * stride;
      for (int j = 0; j < width; j++) {
        dx[row + j] += dOut[row + j] * scales[row + j];
      }
    }
  }
}
