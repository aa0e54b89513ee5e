package dev.rnnc.interop;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Interfaces for {@code interop/keras/config/sentiment.keras}, which real Keras saved from
 * Embedding(30, 8, mask_zero=True) → LSTM(6) → Dense(1, sigmoid): one declared as the file says,
 * one declared otherwise in three options.
 */
final class ConfigCheckModels {
  private ConfigCheckModels() {}

  /** As Keras trained it. */
  @RnnModel(input = @Input(dtype = Input.Dtype.INT32))
  public interface Sentiment {
    @Embedding(inputDim = 30, outputDim = 8, maskZero = true)
    Layer embed();

    @LSTM(units = 6)
    Layer encoder();

    @Dense(units = 1, activation = "sigmoid")
    Layer sentiment();

    float[][] predict(int[][] batch);
  }

  /** The same layers and shapes, but no mask, the other direction and another head activation. */
  @RnnModel(input = @Input(dtype = Input.Dtype.INT32))
  public interface Misdeclared {
    @Embedding(inputDim = 30, outputDim = 8, maskZero = false)
    Layer embed();

    @LSTM(units = 6, goBackwards = true)
    Layer encoder();

    @Dense(units = 1, activation = "tanh")
    Layer sentiment();

    float[][] predict(int[][] batch);
  }

  /** An LSTM of 5 units where the file's has 6: weights that do not fit, config or not. */
  @RnnModel(input = @Input(dtype = Input.Dtype.INT32))
  public interface Narrower {
    @Embedding(inputDim = 30, outputDim = 8, maskZero = true)
    Layer embed();

    @LSTM(units = 5)
    Layer encoder();

    @Dense(units = 1, activation = "sigmoid")
    Layer sentiment();

    float[][] predict(int[][] batch);
  }
}
