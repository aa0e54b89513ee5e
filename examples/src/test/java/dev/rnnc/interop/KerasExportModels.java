package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;

/**
 * Models whose weights rnnc exports for Keras; {@code tools/goldens/keras_export_check.py} builds
 * the same architectures in Keras (Sequential, same names) and loads the exported files. Together
 * they cover every layer kind, the wrappers (Bidirectional around each cell, TimeDistributed) and
 * the options that change the weight layout (GRU reset_after, use_bias).
 */
final class KerasExportModels {
  private KerasExportModels() {}

  /** (6, 3) → LSTM(8, seq) → Dropout → LSTM(5) → Dense(4, relu) → Dense(2). */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  public interface LstmStack {
    @LSTM(units = 8, returnSequences = true)
    Layer encoder();

    @Dropout(rate = 0.1)
    Layer drop();

    @LSTM(units = 5)
    Layer summary();

    @Dense(units = 4, activation = "relu")
    Layer hidden();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] batch);
  }

  /** (5, 4) → GRU(6, reset_after, seq) → GRU(3, reset_after=False) → Dense(1, sigmoid). */
  @RnnModel(input = @Input(timesteps = 5, features = 4))
  public interface GruBoth {
    @GRU(units = 6, returnSequences = true)
    Layer after();

    @GRU(units = 3, resetAfter = false)
    Layer before();

    @Dense(units = 1, activation = "sigmoid")
    Layer out();

    float[][] predict(float[][][] batch);
  }

  /** (7, 2) → SimpleRNN(5, relu, seq) → SimpleRNN(3, no bias) → Dense(2, no bias). */
  @RnnModel(input = @Input(timesteps = 7, features = 2))
  public interface SimpleRnns {
    @SimpleRNN(units = 5, activation = "relu", returnSequences = true)
    Layer rnn();

    @SimpleRNN(units = 3, useBias = false)
    Layer rnn2();

    @Dense(units = 2, useBias = false)
    Layer head();

    float[][] predict(float[][][] batch);
  }

  /** 6 token ids → Embedding(12, 4) → LSTM(5, seq) → Dense(3, softmax) per timestep. */
  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  public interface EmbeddingLstm {
    @Embedding(inputDim = 12, outputDim = 4)
    Layer embed();

    @LSTM(units = 5, returnSequences = true)
    Layer lstm();

    @Dense(units = 3, activation = "softmax")
    Layer probs();

    float[][][] predict(int[][] batch);
  }

  /**
   * (6, 3) → Masking → Bidirectional(LSTM(4, seq)) → Bidirectional(LSTM(3, seq), sum) →
   * TimeDistributed(Dense(3, softmax)): a masked bidirectional tagger.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  public interface MaskedBidiTagger {
    @Masking
    Layer mask();

    @Bidirectional
    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    @Bidirectional(mergeMode = "sum")
    @LSTM(units = 3, returnSequences = true)
    Layer refine();

    @TimeDistributed
    @Dense(units = 3, activation = "softmax")
    Layer tags();

    float[][][] predict(float[][][] batch);
  }

  /**
   * (5, 4) → Bidirectional(GRU(3, reset_after=False, seq), mul) → TimeDistributed(Dense(4, relu)) →
   * Bidirectional(SimpleRNN(3, no bias), ave) → Dense(2).
   */
  @RnnModel(input = @Input(timesteps = 5, features = 4))
  public interface BidiMixed {
    @Bidirectional(mergeMode = "mul")
    @GRU(units = 3, resetAfter = false, returnSequences = true)
    Layer gru();

    @TimeDistributed
    @Dense(units = 4, activation = "relu")
    Layer perStep();

    @Bidirectional(mergeMode = "ave")
    @SimpleRNN(units = 3, useBias = false)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] batch);
  }
}
