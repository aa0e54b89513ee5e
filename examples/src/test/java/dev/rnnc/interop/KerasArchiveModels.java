package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Models exported as whole {@code .keras} archives beside {@link KerasExportModels.LstmStack} and
 * {@link KerasExportModels.MaskedBidiTagger}: options that only a model config carries (mask_zero,
 * stateful, go_backwards, variable timesteps, activations).
 */
final class KerasArchiveModels {
  private KerasArchiveModels() {}

  /**
   * Token ids (any length) → Embedding(10, 4, mask_zero) → GRU(5, seq, go_backwards,
   * reset_after=False) → GRU(3, hard_sigmoid gates) → Dense(2, softmax).
   */
  @RnnModel(input = @Input(dtype = Input.Dtype.INT32))
  public interface MaskedTokens {
    @Embedding(inputDim = 10, outputDim = 4, maskZero = true)
    Layer embed();

    @GRU(units = 5, returnSequences = true, goBackwards = true, resetAfter = false)
    Layer reader();

    @GRU(units = 3, recurrentActivation = "hard_sigmoid")
    Layer summary();

    @Dense(units = 2, activation = "softmax")
    Layer probs();

    float[][] predict(int[][] batch);
  }

  /**
   * Chunks of (3, 2) of one stream → LSTM(4, stateful, seq) → SimpleRNN(3, stateful) → Dense(1).
   */
  @RnnModel(input = @Input(timesteps = 3, features = 2))
  public interface Stream {
    @LSTM(units = 4, returnSequences = true, stateful = true)
    Layer first();

    @SimpleRNN(units = 3, stateful = true)
    Layer second();

    @Dense(units = 1)
    Layer head();

    /** Runs one chunk, starting from the states the previous call left. */
    float[] predict(float[][] chunk);

    void resetStates();
  }

  /**
   * (6, 3) with padding → Masking → Bidirectional(LSTM(4, seq), backward_layer=GRU(4, seq,
   * go_backwards)) → Dense(2): a backward layer of another class, which the config carries.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  public interface BackwardLayer {
    @dev.rnnc.annotations.Masking
    Layer padding();

    @Bidirectional(backwardLayer = "reverse")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    @GRU(units = 4, returnSequences = true, goBackwards = true)
    Layer reverse();

    @Dense(units = 2)
    Layer head();

    float[][][] predict(float[][][] batch);
  }
}
