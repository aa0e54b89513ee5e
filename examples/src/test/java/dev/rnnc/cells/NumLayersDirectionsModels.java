package dev.rnnc.cells;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * PyTorch's num_layers with bidirectional=True and with proj_size, as one declared layer (fixtures:
 * tools/goldens/pytorch_num_layers_directions.py).
 */
final class NumLayersDirectionsModels {
  private NumLayersDirectionsModels() {}

  /**
   * nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=3) -> nn.Linear(6, 2), per timestep.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface BiLstmProjTagger {
    @Bidirectional
    @LSTM(units = 5, projSize = 3, numLayers = 2, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] x);
  }

  /** nn.GRU(4, 3, num_layers=3, bidirectional=True): the whole output sequence. */
  @RnnModel(input = @Input(timesteps = 5, features = 4))
  interface BiGru {
    @Bidirectional
    @GRU(units = 3, numLayers = 3, returnSequences = true)
    Layer gru();

    float[][] predict(float[][] x);
  }

  /** The output sequence and every layer's final states, as PyTorch's h_n and c_n. */
  record ProjStates(float[][] output, float[] h0, float[] c0, float[] h1, float[] c1) {}

  /** nn.LSTM(3, 6, num_layers=2, proj_size=4): one direction, every layer projected. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface LstmProj {
    @LSTM(units = 6, projSize = 4, numLayers = 2, returnSequences = true, returnState = true)
    Layer lstm();

    ProjStates summarize(float[][] x);
  }

  /** nn.RNN(2, 4, num_layers=2, bidirectional=True, nonlinearity='relu'). */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface BiRnn {
    @Bidirectional
    @SimpleRNN(units = 4, activation = "relu", numLayers = 2, returnSequences = true)
    Layer rnn();

    float[][] predict(float[][] x);
  }

  /**
   * The head's output with PyTorch's h_n and c_n: a row per layer and direction (layer 0, layer 0
   * reverse, layer 1, layer 1 reverse).
   */
  record Tagged(float[][] head, float[][] encoderHN, float[][] encoderCN) {}

  /** {@link BiLstmProjTagger} returning every layer's final states. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface BiLstmProjStates {
    @Bidirectional
    @LSTM(units = 5, projSize = 3, numLayers = 2, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    Tagged tag(float[][] x);

    Tagged[] tag(float[][][] x);

    /** From PyTorch's h_0, c_0: layer 0's forward h, c, backward h, c, then layer 1's. */
    Tagged tag(
        float[][] x,
        float[] h0,
        float[] c0,
        float[] h0Reverse,
        float[] c0Reverse,
        float[] h1,
        float[] c1,
        float[] h1Reverse,
        float[] c1Reverse);

    /** The same for a batch: each state a row per sample. */
    Tagged[] tag(
        float[][][] x,
        float[][] h0,
        float[][] c0,
        float[][] h0Reverse,
        float[][] c0Reverse,
        float[][] h1,
        float[][] c1,
        float[][] h1Reverse,
        float[][] c1Reverse);

    /** From PyTorch's h_0 (4, 3) and c_0 (4, 5) as PyTorch holds them for one sample. */
    Tagged tag(float[][] x, float[][] h0, float[][] c0);

    /** The same for a batch: h_0 (4, batch, 3), c_0 (4, batch, 5). */
    Tagged[] tag(float[][][] x, float[][][] h0, float[][][] c0);

    /** The head's output only, into a caller's array. */
    void tagInto(float[][][] x, float[][][] h0, float[][][] c0, float[][][] out);
  }

  /** The output sequence and PyTorch's h_n of a 3-layer bidirectional GRU. */
  record GruStates(float[][] gru, float[][] gruHN) {}

  /** {@link BiGru} returning every layer's final states. */
  @RnnModel(input = @Input(timesteps = 5, features = 4))
  interface BiGruStates {
    @Bidirectional
    @GRU(units = 3, numLayers = 3, returnSequences = true, returnState = true)
    Layer gru();

    GruStates encode(float[][] x);

    /** From PyTorch's h_0: a row per layer and direction. */
    GruStates encode(
        float[][] x,
        float[] h0,
        float[] h0Reverse,
        float[] h1,
        float[] h1Reverse,
        float[] h2,
        float[] h2Reverse);

    /** From PyTorch's h_0 for one sample: (6, 3). */
    GruStates encode(float[][] x, float[][] h0);
  }

  /** The output sequence with PyTorch's h_n (rows of projSize) and c_n (rows of units). */
  record ProjEvery(float[][] lstm, float[][] lstmHN, float[][] lstmCN) {}

  /** {@link LstmProj} returning h_n and c_n as PyTorch lays them out. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface LstmProjEvery {
    @LSTM(units = 6, projSize = 4, numLayers = 2, returnSequences = true, returnState = true)
    Layer lstm();

    ProjEvery encode(float[][] x);

    /** From PyTorch's h_0, c_0: every layer's h and c, layer by layer. */
    ProjEvery encode(float[][] x, float[] h0, float[] c0, float[] h1, float[] c1);

    /** From PyTorch's h_0 (2, batch, 4) and c_0 (2, batch, 6). */
    ProjEvery[] encode(float[][][] x, float[][][] h0, float[][][] c0);
  }

  /**
   * PyTorch's encoder-decoder of two nn.GRU(num_layers=2, bidirectional=True): the decoder starts
   * every layer and direction from the encoder's h_n, decoder(target, encoder(source)[1]).
   */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "target", timesteps = 5, features = 2)
      })
  interface GruSeq2Seq {
    @Bidirectional
    @GRU(units = 4, numLayers = 2, returnState = true)
    Layer encoder(Layer source);

    @Bidirectional
    @GRU(units = 4, numLayers = 2, returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] source, float[][] target);

    float[][][] predict(float[][][] source, float[][][] target);
  }

  /** {@link GruSeq2Seq} with nn.LSTM: every layer's h and c. */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "target", timesteps = 5, features = 2)
      })
  interface LstmSeq2Seq {
    @Bidirectional
    @LSTM(units = 4, numLayers = 2, returnState = true)
    Layer encoder(Layer source);

    @Bidirectional
    @LSTM(units = 4, numLayers = 2, returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] source, float[][] target);
  }
}
