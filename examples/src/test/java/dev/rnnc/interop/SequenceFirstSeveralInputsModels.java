package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SequenceFirst;
import dev.rnnc.runtime.Layer;

/**
 * PyTorch modules of two sequence inputs with {@code batch_first=False}, called in PyTorch's
 * layouts (fixtures: tools/goldens/pytorch_sequence_first_several_inputs.py):
 * {@code @SequenceFirst} inputs, each {@code (timesteps, batch, features)}, alone and with
 * {@code @Packed} lengths, and initial states as PyTorch holds them, {@code (num_layers *
 * num_directions, batch, hidden)}. Layer names are the modules' attribute names, so their
 * state_dicts load by name.
 */
final class SequenceFirstSeveralInputsModels {
  private SequenceFirstSeveralInputsModels() {}

  /**
   * nn.LSTM(3, 4, num_layers=2) on a, nn.GRU(2, 5, bidirectional=True) on b, nn.Linear(14, 3) on
   * left's top h_n and both of right's.
   */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 7, features = 3),
        @Input(name = "b", timesteps = Input.VARIABLE, features = 2)
      })
  interface TwoEncoders {
    @LSTM(units = 4, numLayers = 2)
    Layer left(Layer a);

    @Bidirectional
    @GRU(units = 5)
    Layer right(Layer b);

    @Concatenate
    Layer both(Layer left, Layer right);

    @Dense(units = 3)
    Layer head();

    /** Batch-first, from PyTorch's h_0, c_0: (2, batch, 4). */
    float[][] classify(float[][][] a, float[][][] b, float[][][] h0, float[][][] c0);

    /** Batch-first, from zeros. */
    float[][] classify(float[][][] a, float[][][] b);

    @SequenceFirst
    float[][] classifySequenceFirst(float[][][] a, float[][][] b);

    @SequenceFirst
    float[][] classifySequenceFirst(float[][][] a, float[][][] b, float[][][] h0, float[][][] c0);

    @SequenceFirst
    void classifySequenceFirstInto(float[][][] a, float[][][] b, float[][] out);

    @SequenceFirst
    float[][] classifySequenceFirst(
        float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);
  }

  /** nn.GRU(2, 4) on the source; its h_n starts nn.GRU(3, 4) on the target. */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 5, features = 2),
        @Input(name = "target", timesteps = 4, features = 3)
      })
  interface Seq2Seq {
    @GRU(units = 4, returnState = true)
    Layer encoder(Layer source);

    @GRU(units = 4, returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    @SequenceFirst
    float[][][] decode(float[][][] source, float[][][] target);

    @SequenceFirst
    void decodeInto(float[][][] source, float[][][] target, float[][][] out);

    @SequenceFirst
    float[][][] decode(
        float[][][] source,
        @Packed int[] sourceLengths,
        float[][][] target,
        @Packed int[] targetLengths);
  }
}
