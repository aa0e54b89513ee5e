package dev.rnnc.graphs;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;

/**
 * Initial states passed to calls of models with several inputs or into {@code @RNN} layers, and
 * {@code @InitialState} from and into {@code @RNN} layers (fixtures:
 * tools/goldens/keras_initial_states_graphs_cells.py).
 */
final class InitialStateModels {
  private InitialStateModels() {}

  /**
   * The guide's encoder-decoder whose encoder (the first recurrent layer) starts from h and c given
   * with the call.
   */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", dtype = Input.Dtype.INT32)
      })
  interface Seq2SeqCallStates {
    @Embedding(inputDim = 50, outputDim = 8)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 16, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 60, outputDim = 8)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 16)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @Dense(units = 10)
    Layer head();

    float[] predict(int[] encoderTokens, int[] decoderTokens, float[] h, float[] c);

    float[] predict(int[] encoderTokens, int[] decoderTokens);

    float[][] predict(int[][] encoderTokens, int[][] decoderTokens, float[][] h, float[][] c);

    void predictInto(int[] encoderTokens, int[] decoderTokens, float[] h, float[] c, float[] out);

    void predictInto(
        int[][] encoderTokens, int[][] decoderTokens, float[][] h, float[][] c, float[][] out);
  }

  /** An LSTM's (h, c) start a stack of two GRU cells, by position: h into h0, c into h1. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface LstmIntoGruStack {
    @LSTM(units = 4, returnState = true)
    Layer encoder(Layer x);

    @RNN(
        cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class, units = 4)},
        returnSequences = true)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  /** A stack's states (h0, c0, h1, c1) start another stack. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  interface StackIntoStack {
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 5)},
        returnState = true)
    Layer encoder(Layer x);

    @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 5)})
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 3)
    Layer head();

    float[] predict(float[][] x);
  }

  /** A custom cell's state starts a GRU, whose h starts another custom cell. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface CustomCellStates {
    @RNN(cell = MinimalRnnCell.class, units = 6, returnSequences = true, returnState = true)
    Layer encoder();

    @GRU(units = 6, returnSequences = true, returnState = true)
    Layer middle(Layer encoder, @InitialState("encoder") Layer encoderStates);

    @RNN(cell = MinimalRnnCell.class, units = 6)
    Layer decoder(Layer middle, @InitialState("middle") Layer middleStates);

    float[] predict(float[][] x);
  }

  /** A call passes the state of a first layer that is a custom cell. */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface CallStatesCustomCell {
    @RNN(cell = MinimalRnnCell.class, units = 6, returnSequences = true)
    Layer custom();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x, float[] state);
  }

  /** A call passes h0, c0, h1 of a first layer that stacks an LSTM and a GRU cell. */
  @RnnModel(input = @Input(timesteps = 6, features = 2))
  interface CallStatesStack {
    @RNN(cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 4)})
    Layer stack();

    @Dense(units = 2)
    Layer head();

    float[] predict(float[][] x, float[] h0, float[] c0, float[] h1);

    float[] predict(float[][] x);
  }
}
