package dev.rnnc.callmasks;

import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Keras functional models of two sequence inputs called with a mask per input, {@code model([a, b],
 * mask=[maskA, maskB])} (fixtures: tools/goldens/keras_call_masks_several_inputs.py): each mask
 * right after its input, {@code boolean[][]} or {@code int[]} lengths in a batch, {@code boolean[]}
 * for one sample.
 */
final class SeveralInputsCallMaskModels {
  private SeveralInputsCallMaskModels() {}

  /** The calls both models declare: a vector output (B, 2). */
  interface Calls {
    float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b, boolean[][] bMask);

    float[][] predict(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths);

    /** mask=[maskA, None]: b unmasked. */
    float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b);

    float[] predict(float[][] a, boolean[] aMask, float[][] b, boolean[] bMask);

    void predictInto(
        float[][][] a, boolean[][] aMask, float[][][] b, boolean[][] bMask, float[][] out);

    /** No masks: every timestep real. */
    float[][] predict(float[][][] a, float[][][] b);
  }

  /** LSTM over a, GRU over b, their last outputs concatenated into a Dense head. */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 6, features = 3),
        @Input(name = "b", timesteps = 5, features = 2)
      })
  interface TwoEncoders extends Calls {
    @LSTM(units = 4)
    Layer left(Layer a);

    @GRU(units = 3)
    Layer right(Layer b);

    @Concatenate
    Layer joined(Layer left, Layer right);

    @Dense(units = 2)
    Layer head();
  }

  /** Sequences of a and b concatenated per timestep (their masks' logical or) into a GRU. */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 6, features = 3),
        @Input(name = "b", timesteps = 6, features = 2)
      })
  interface MergedSequences extends Calls {
    @LSTM(units = 3, returnSequences = true)
    Layer left(Layer a);

    @SimpleRNN(units = 2, returnSequences = true)
    Layer right(Layer b);

    @Concatenate
    Layer joined(Layer left, Layer right);

    @GRU(units = 2)
    Layer out();
  }
}
