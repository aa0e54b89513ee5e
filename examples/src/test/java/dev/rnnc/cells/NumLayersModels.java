package dev.rnnc.cells;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** PyTorch's num_layers as numLayers (fixtures: tools/goldens/pytorch_num_layers.py). */
final class NumLayersModels {
  private NumLayersModels() {}

  /** nn.LSTM(3, 5, num_layers=2, dropout=0.3) -> nn.Linear(5, 2), per timestep. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface LstmTagger {
    @LSTM(units = 5, numLayers = 2, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  /** Three layers, for a state_dict of two. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface LstmTaggerThreeLayers {
    @LSTM(units = 5, numLayers = 3, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  /** The last output and every layer's h, as PyTorch's h_n. */
  record Summary(float[] output, float[] h0, float[] h1, float[] h2) {}

  /** nn.GRU(4, 3, num_layers=3). */
  @RnnModel(input = @Input(timesteps = 5, features = 4))
  interface GruSummary {
    @GRU(units = 3, numLayers = 3, returnState = true)
    Layer gru();

    Summary summarize(float[][] x);
  }

  /**
   * nn.RNN(2, 4, num_layers=2, nonlinearity='relu'); the layer name differs from the module's
   * (matched by kind).
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface ReluRnn {
    @SimpleRNN(units = 4, activation = "relu", numLayers = 2, returnSequences = true)
    Layer recurrent();

    float[][] predict(float[][] x);
  }
}
