package dev.rnnc.interop;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SequenceFirst;
import dev.rnnc.runtime.Layer;

/**
 * PyTorch modules with the default {@code batch_first=False}, called with their sequence-first
 * arrays (fixtures: tools/goldens/pytorch_sequence_first.py).
 */
final class SequenceFirstModels {
  private SequenceFirstModels() {}

  /** nn.LSTM(3, 5) -> nn.Linear(5, 2) per timestep: (T, B, 3) -> (T, B, 2). */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface Tagger {
    @LSTM(units = 5, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    @SequenceFirst
    float[][][] predict(float[][][] x);

    float[][][] predictBatchFirst(float[][][] x);

    /** Into a sequence-first output array (T, B, 2). */
    @SequenceFirst
    void predictInto(float[][][] x, float[][][] out);

    /** From initial states, a row per sample as in the batch-first form. */
    @SequenceFirst
    float[][][] predict(float[][][] x, float[][] h, float[][] c);

    float[][][] predictBatchFirst(float[][][] x, float[][] h, float[][] c);
  }

  /** nn.LSTM(3, 4), the last timestep -> nn.Linear(4, 2): (T, B, 3) -> (B, 2). */
  @RnnModel(input = @Input(timesteps = Input.VARIABLE, features = 3))
  interface Summary {
    @LSTM(units = 4)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    @SequenceFirst
    float[][] predict(float[][][] x);
  }
}
