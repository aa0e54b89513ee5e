package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.ActivationGradients;

/**
 * The activation part of a Dense layer's backward pass, for generated code: turns the gradient with
 * respect to the layer's output into the gradient with respect to {@code x·W + b}, in place; then
 * {@link ProjectionGradients} gives the kernel's, the bias' and the input's gradients.
 *
 * <p>A softmax head trained with a cross-entropy loss needs neither method: Keras computes that
 * loss from the logits (see {@code reference/rnn-semantics.md} §10), whose gradient the loss gives
 * directly. {@link #softmax} is for a softmax output under any other loss.
 */
public final class DenseGradients {
  private DenseGradients() {}

  /**
   * Whether {@link #activation} needs the pre-activation values, which the forward pass must then
   * keep (a copy before {@code Kernels.activate}); for the others the output suffices.
   *
   * @param activation the layer's activation
   * @return true for {@code gelu}, {@code silu} and {@code softsign}
   */
  public static boolean needsPreActivation(Activation activation) {
    return ActivationGradients.needsInput(activation);
  }

  /**
   * {@code dOutput[r][j] *= act'(z[r][j])} for {@code j < units} over {@code rows} rows, from the
   * outputs (and the pre-activations {@code z} where {@link #needsPreActivation}).
   *
   * @param rows the number of rows
   * @param dOutput the output gradient rows, turned into pre-activation gradients
   * @param dOffset offset of row 0
   * @param dStride distance between gradient rows
   * @param output the layer's output rows
   * @param outOffset offset of row 0
   * @param outStride distance between output rows
   * @param preActivation the pre-activation rows, or null unless {@link #needsPreActivation}
   * @param preOffset offset of row 0
   * @param preStride distance between pre-activation rows
   * @param units the number of units
   * @param activation the layer's activation
   */
  public static void activation(
      int rows,
      float[] dOutput,
      int dOffset,
      int dStride,
      float[] output,
      int outOffset,
      int outStride,
      float[] preActivation,
      int preOffset,
      int preStride,
      int units,
      Activation activation) {
    for (int r = 0; r < rows; r++) {
      ActivationGradients.backward(
          activation,
          preActivation,
          preOffset + r * preStride,
          output,
          outOffset + r * outStride,
          dOutput,
          dOffset + r * dStride,
          units);
    }
  }

  /**
   * Softmax's backward pass, {@code dz = y ∘ (dy − Σ_j y_j·dy_j)}, in place over {@code units}
   * values of each row; the sum in double.
   *
   * @param rows the number of rows
   * @param dOutput the output gradient rows, turned into logit gradients
   * @param dOffset offset of row 0
   * @param dStride distance between gradient rows
   * @param output the softmax outputs
   * @param outOffset offset of row 0
   * @param outStride distance between output rows
   * @param units the number of units
   */
  public static void softmax(
      int rows,
      float[] dOutput,
      int dOffset,
      int dStride,
      float[] output,
      int outOffset,
      int outStride,
      int units) {
    for (int r = 0; r < rows; r++) {
      int d = dOffset + r * dStride;
      int y = outOffset + r * outStride;
      double dot = 0;
      for (int j = 0; j < units; j++) {
        dot += (double) output[y + j] * dOutput[d + j];
      }
      for (int j = 0; j < units; j++) {
        dOutput[d + j] = (float) (output[y + j] * (dOutput[d + j] - dot));
      }
    }
  }
}
