package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.LstmStep;
import dev.rnnc.runtime.simd.SimpleRnnStep;
import java.util.List;

/**
 * One timestep of each recurrent cell, as Keras 3 computes it, for generated code. The input
 * projection {@code x·W + b} of the timestep has already been computed (for the whole sequence);
 * here the recurrent product {@code h·U} is added and the gates combined.
 *
 * <p>Layout: every gate block occupies {@code stride} floats ({@code units} rounded up to the
 * vector width); {@code recurrentKernel} is {@code units × (blocks·stride)} row-major; padding
 * lanes of {@code h} may hold anything (they are never read as inputs: products run over {@code
 * units}).
 */
public final class Cells {
  private Cells() {}

  /**
   * LSTM step. Packed gate order i, f, o, c (Keras' i, f, c, o with the candidate moved last, so
   * one recurrent-activation pass covers i, f and o). See {@link Kernels#lstmStep}.
   *
   * @param gates scratch of {@code 4·stride}
   */
  public static void lstm(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.lstmStep(
        projection,
        offset,
        recurrentKernel,
        units,
        stride,
        c,
        h,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * One LSTM step of {@code batch} sequences in lockstep (the batch calls' chunks): sequence {@code
   * b}'s projection row starts at {@code offset + b·projectionStride}, its states at {@code
   * b·stateStride} of {@code c} and {@code h}. See {@link Kernels#lstmSteps}.
   *
   * @param gates scratch of {@code batch·4·stride}
   */
  public static void lstmSteps(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.lstmSteps(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        c,
        h,
        stateStride,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * {@link #lstmSteps} with the recurrent kernel in {@code RecurrentPanels} layout. See {@link
   * Kernels#lstmStepsPanels}.
   *
   * @param gates scratch of {@code batch·4·stride}
   */
  public static void lstmStepsPanels(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.lstmStepsPanels(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentPanels,
        units,
        stride,
        c,
        h,
        stateStride,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * {@link #lstm} with the recurrent kernel in {@code RecurrentPanels} layout ({@code
   * PackedLayout.recurrentPanels}), which layers wider than one panel read faster. See {@link
   * Kernels#lstmStepPanels}.
   *
   * @param gates scratch of {@code 4·stride}
   */
  public static void lstmPanels(
      float[] projection,
      int offset,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.lstmStepPanels(
        projection,
        offset,
        recurrentPanels,
        units,
        stride,
        c,
        h,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * LSTM step with PyTorch's {@code proj_size}: the cell output {@code o*act(c)} ({@code units}
   * wide, into {@code cellOutput}) is projected to {@code h = cellOutput·projectionKernel} ({@code
   * projSize} wide), which is both the output and the recurrent input.
   *
   * @param recurrentKernel {@code projSize × (4·stride)}
   * @param projectionKernel {@code units × projStride}
   */
  public static void lstmProjected(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] cellOutput,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] h,
      Activation activation,
      Activation recurrentActivation) {
    int width = 4 * stride;
    System.arraycopy(projection, offset, gates, 0, width);
    Kernels.mulAdd(h, 0, projSize, recurrentKernel, 0, width, width, gates, 0);
    Kernels.activate(recurrentActivation, gates, 0, 3 * stride);
    Kernels.activate(activation, gates, 3 * stride, stride);
    Kernels.lstmCell(gates, 0, stride, c, cellOutput, units, activation);
    Kernels.matmul(
        cellOutput,
        0,
        stride,
        1,
        units,
        projectionKernel,
        0,
        projStride,
        projStride,
        null,
        0,
        h,
        0,
        projStride);
  }

  /**
   * GRU step with {@code reset_after=True} (Keras 3 default): the reset gate multiplies {@code
   * h·U_h + b_h} after the product. Gate order z, r, h. See {@link Kernels#gruStep}.
   *
   * @param recurrentBias the packed (2, 3·units) bias, whose second row starts at {@code
   *     recurrentBiasOffset}; null without bias
   * @param gates scratch of {@code 3·stride}
   */
  public static void gruResetAfter(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] gates,
      float[] h,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.gruStep(
        projection,
        offset,
        recurrentKernel,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        h,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * {@link #gruResetAfter} for {@code batch} sequences in lockstep (the batch calls' chunks):
   * sequence {@code b}'s projection row starts at {@code offset + b·projectionStride}, its state at
   * {@code h[b·stateStride]}. See {@link Kernels#gruSteps}.
   *
   * @param recurrentBias the packed (2, 3·units) bias, whose second row starts at {@code
   *     recurrentBiasOffset}; null without bias
   * @param gates scratch of {@code batch·3·stride}
   */
  public static void gruSteps(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] gates,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.gruSteps(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        h,
        stateStride,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * {@link #gruSteps} with the recurrent kernel in {@code RecurrentPanels} layout. See {@link
   * Kernels#gruStepsPanels}.
   *
   * @param recurrentBias the packed (2, 3·units) bias, whose second row starts at {@code
   *     recurrentBiasOffset}; null without bias
   * @param gates scratch of {@code batch·3·stride}
   */
  public static void gruStepsPanels(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentPanels,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] gates,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.gruStepsPanels(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentPanels,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        h,
        stateStride,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * {@link #gruResetAfter} with the recurrent kernel in {@code RecurrentPanels} layout. See {@link
   * Kernels#gruStepPanels}.
   *
   * @param recurrentBias the packed (2, 3·units) bias, whose second row starts at {@code
   *     recurrentBiasOffset}; null without bias
   * @param gates scratch of {@code 3·stride}
   */
  public static void gruResetAfterPanels(
      float[] projection,
      int offset,
      float[] recurrentPanels,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] gates,
      float[] h,
      Activation activation,
      Activation recurrentActivation) {
    Kernels.gruStepPanels(
        projection,
        offset,
        recurrentPanels,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        h,
        gates,
        activation,
        recurrentActivation);
  }

  /**
   * GRU step with {@code reset_after=False}: the reset gate multiplies {@code h} before the
   * candidate's product, {@code hh = act(x·W_h + b_h + (r∘h)·U_h)}. Gate order z, r, h.
   *
   * @param gates scratch of {@code 4·stride}: z, r, then r∘h, then the candidate
   */
  public static void gruResetBefore(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] h,
      Activation activation,
      Activation recurrentActivation) {
    int width = 3 * stride;
    int resetH = 2 * stride;
    int candidate = 3 * stride;
    System.arraycopy(projection, offset, gates, 0, 2 * stride);
    Kernels.mulAdd(h, 0, units, recurrentKernel, 0, width, 2 * stride, gates, 0);
    Kernels.activate(recurrentActivation, gates, 0, 2 * stride);
    Kernels.mul(gates, stride, h, 0, gates, resetH, units);
    System.arraycopy(projection, offset + 2 * stride, gates, candidate, stride);
    Kernels.mulAdd(
        gates, resetH, units, recurrentKernel, 2 * stride, width, stride, gates, candidate);
    Kernels.activate(activation, gates, candidate, stride);
    Kernels.gruBlend(gates, 0, gates, candidate, h, units);
  }

  /**
   * SimpleRNN step: {@code h = act(x·W + b + h·U)}. See {@link Kernels#simpleRnnStep}.
   *
   * @param scratch scratch of {@code stride}
   */
  public static void simpleRnn(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] scratch,
      float[] h,
      Activation activation) {
    Kernels.simpleRnnStep(
        projection, offset, recurrentKernel, units, stride, h, scratch, activation);
  }

  /**
   * The GRU ({@code reset_after=True}) step of a layer of these sizes, activations and bias, made
   * once: {@link #gruResetAfter} with them fixed, which the kernels may specialise (generated code
   * uses {@link #gruStep(List, float[], int, int, Activation, Activation, boolean)}, which may also
   * read the kernel from an aligned copy). See {@link Kernels#gruStep(int, int, Activation,
   * Activation, boolean)}.
   *
   * @param units the number of units
   * @param stride floats per gate block
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   * @param withRecurrentBias whether the layer has a recurrent bias
   * @return the step
   */
  public static GruStep gruStep(
      int units,
      int stride,
      Activation activation,
      Activation recurrentActivation,
      boolean withRecurrentBias) {
    return Kernels.gruStep(units, stride, activation, recurrentActivation, withRecurrentBias);
  }

  /**
   * {@link #gruStep(int, int, Activation, Activation, boolean)} for a layer's row-major recurrent
   * kernel, made once per model after its layers, as {@link #lstmStep(List, float[], int, int,
   * Activation, Activation)}; see {@link Kernels#gruStep(Variable, int, int, Activation,
   * Activation, boolean)}.
   *
   * @param layers the model's layers
   * @param recurrentKernel the layer's recurrent kernel, a variable's storage
   * @param units the number of units
   * @param stride floats per gate block
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   * @param withRecurrentBias whether the layer has a recurrent bias
   * @return the step
   */
  public static GruStep gruStep(
      List<Layer> layers,
      float[] recurrentKernel,
      int units,
      int stride,
      Activation activation,
      Activation recurrentActivation,
      boolean withRecurrentBias) {
    return Kernels.gruStep(
        storedIn(layers, recurrentKernel),
        units,
        stride,
        activation,
        recurrentActivation,
        withRecurrentBias);
  }

  /**
   * The LSTM step of a layer of these sizes and activations, made once: {@link #lstm} with them
   * fixed, which the kernels may specialise (generated code uses {@link #lstmStep(List, float[],
   * int, int, Activation, Activation)}, which may also read the kernel from an aligned copy). See
   * {@link Kernels#lstmStep(int, int, Activation, Activation)}.
   *
   * @param units the number of units
   * @param stride floats per gate block
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   * @return the step
   */
  public static LstmStep lstmStep(
      int units, int stride, Activation activation, Activation recurrentActivation) {
    return Kernels.lstmStep(units, stride, activation, recurrentActivation);
  }

  /**
   * {@link #lstmStep(int, int, Activation, Activation)} for a layer's row-major recurrent kernel,
   * made once per model (its copies share it), after its layers: it may read the kernel from an
   * aligned copy that it keeps in step with the kernel's variable (found among {@code layers}'
   * variables by its storage); see {@link Kernels#lstmStep(Variable, int, int, Activation,
   * Activation)}.
   *
   * @param layers the model's layers
   * @param recurrentKernel the layer's recurrent kernel, a variable's storage
   * @param units the number of units
   * @param stride floats per gate block
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   * @return the step
   */
  public static LstmStep lstmStep(
      List<Layer> layers,
      float[] recurrentKernel,
      int units,
      int stride,
      Activation activation,
      Activation recurrentActivation) {
    return Kernels.lstmStep(
        storedIn(layers, recurrentKernel), units, stride, activation, recurrentActivation);
  }

  /**
   * {@link #lstmStep} for a layer's recurrent kernel in {@code RecurrentPanels} layout (or
   * row-major and one panel wide, 64 units, which is the same layout): {@link #lstmPanels} with the
   * sizes fixed, made once per model (its copies share it), after its layers. It may read the
   * kernel from an aligned copy that it keeps in step with the kernel's variable (found among
   * {@code layers}' variables by its storage); see {@link Kernels#lstmStepPanels(Variable, int,
   * int, Activation, Activation)}.
   *
   * @param layers the model's layers
   * @param recurrentKernel the layer's recurrent kernel, a variable's storage
   * @param units the number of units
   * @param stride floats per gate block
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   * @return the step
   */
  public static LstmStep lstmPanelsStep(
      List<Layer> layers,
      float[] recurrentKernel,
      int units,
      int stride,
      Activation activation,
      Activation recurrentActivation) {
    return Kernels.lstmStepPanels(
        storedIn(layers, recurrentKernel), units, stride, activation, recurrentActivation);
  }

  /**
   * {@link #gruStep} ({@code reset_after=True}) for a layer's recurrent kernel in {@code
   * RecurrentPanels} layout (or row-major and one panel wide), made once per model after its
   * layers, as {@link #lstmPanelsStep}; see {@link Kernels#gruStepPanels(Variable, int, int,
   * Activation, Activation, boolean)}.
   *
   * @param layers the model's layers
   * @param recurrentKernel the layer's recurrent kernel, a variable's storage
   * @param units the number of units
   * @param stride floats per gate block
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   * @param withRecurrentBias whether the layer has a recurrent bias
   * @return the step
   */
  public static GruStep gruPanelsStep(
      List<Layer> layers,
      float[] recurrentKernel,
      int units,
      int stride,
      Activation activation,
      Activation recurrentActivation,
      boolean withRecurrentBias) {
    return Kernels.gruStepPanels(
        storedIn(layers, recurrentKernel),
        units,
        stride,
        activation,
        recurrentActivation,
        withRecurrentBias);
  }

  /**
   * The variable of {@code layers} whose storage is {@code array}, or null (the step then reads the
   * array itself: without the variable's version an aligned copy could not follow it).
   */
  private static Variable storedIn(List<Layer> layers, float[] array) {
    for (Layer layer : layers) {
      for (Variable variable : layer.variables()) {
        if (variable.isStoredIn(array)) {
          return variable;
        }
      }
    }
    return null;
  }

  /**
   * The SimpleRNN step of a layer of these sizes, made once (generated code keeps it in a {@code
   * static final} field): {@link #simpleRnn} with the sizes fixed, which the kernels may specialise
   * to them. See {@link Kernels#simpleRnnStep(int, int, Activation)}.
   *
   * @param units the number of units
   * @param stride the row stride of the recurrent kernel
   * @param activation the activation
   * @return the step
   */
  public static SimpleRnnStep simpleRnnStep(int units, int stride, Activation activation) {
    return Kernels.simpleRnnStep(units, stride, activation);
  }

  /**
   * {@link #simpleRnn} for {@code batch} sequences in lockstep (the batch calls' chunks): sequence
   * {@code b}'s projection row starts at {@code offset + b·projectionStride}, its state at {@code
   * h[b·stateStride]}. See {@link Kernels#simpleRnnSteps}.
   *
   * @param scratch scratch of {@code batch·stride}
   */
  public static void simpleRnnSteps(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] scratch,
      float[] h,
      int stateStride,
      Activation activation) {
    Kernels.simpleRnnSteps(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        h,
        stateStride,
        scratch,
        activation);
  }
}
