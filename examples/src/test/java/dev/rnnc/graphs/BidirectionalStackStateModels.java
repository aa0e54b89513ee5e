package dev.rnnc.graphs;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.runtime.Layer;

/**
 * {@code @InitialState} into and out of {@code @Bidirectional} {@code @RNN} stacks (fixtures:
 * tools/goldens/keras_bidirectional_stack_states.py): Keras gives a Bidirectional layer the first
 * half of its initial states forwards, the second half backwards, and a stack's states are its
 * cells', cell after cell.
 */
final class BidirectionalStackStateModels {
  private BidirectionalStackStateModels() {}

  /**
   * A Bidirectional stack's sequence and states (forward h0, c0, h1, backward h0, c0, h1) start
   * another such stack.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface BidiStackIntoBidiStack {
    @Bidirectional
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        returnSequences = true,
        returnState = true)
    Layer encoder(Layer x);

    @Bidirectional(mergeMode = "sum")
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        returnSequences = true)
    Layer decoder(Layer encoder, @InitialState("encoder") Layer states);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  /**
   * A Bidirectional LSTM's (forward h, c, backward h, c) start a Bidirectional stack of two GRU
   * cells by position: forward h and c into the forward cells, backward h and c into the backward
   * ones.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  interface BidiLstmIntoBidiStack {
    @Bidirectional
    @LSTM(units = 4, returnState = true)
    Layer encoder(Layer x);

    @Bidirectional
    @RNN(
        cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class, units = 4)},
        returnSequences = true)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  /**
   * A Bidirectional stack's states (forward h0, h1, backward h0, h1) start a Bidirectional LSTM:
   * each direction's h0 its h, its h1 its c.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 2))
  interface BidiStackIntoBidiLstm {
    @Bidirectional(mergeMode = "ave")
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 5),
          @Cell(type = SimpleRNNCell.class, units = 5)
        },
        returnState = true)
    Layer encoder(Layer x);

    @Bidirectional
    @LSTM(units = 5)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 3)
    Layer head();

    float[] predict(float[][] x);
  }
}
