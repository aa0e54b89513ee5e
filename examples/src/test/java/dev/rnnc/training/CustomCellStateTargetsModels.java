package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.OutputLoss;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.DoubledTanhCell;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.cells.TwoInputDoubledTanhCell;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * Models whose custom cell's final state is a training target (the Keras guide's MinimalRNNCell,
 * {@link MinimalRnnCell}): the models of {@code custom_cell_state_targets()} and {@code
 * custom_cell_stack_state_targets()} in tools/goldens/keras_several_outputs_training.py, and that
 * of {@code doubled_cell_state_targets()}, whose cell's output is not its state ({@link
 * DoubledTanhCell}), that of {@code multi_input_cell_state_targets()}, the same cell reading two
 * inputs ({@link TwoInputDoubledTanhCell}), and that of {@code bidirectional_cell_state_targets()},
 * the cell in both directions of a {@code @Bidirectional @RNN}.
 */
final class CustomCellStateTargetsModels {
  private CustomCellStateTargetsModels() {}

  /**
   * Keras' {@code seq, state = RNN(MinimalRNNCell(4), return_sequences=True,
   * return_state=True)(masked)} with {@code Model(x, [head(seq), state])}.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.05,
      momentum = 0.9,
      losses = {
        @OutputLoss(output = "head", value = "mse"),
        @OutputLoss(output = "encoderState", value = "mae", weight = 0.5)
      })
  interface MaskedSgd {
    @Masking(maskValue = 0.0)
    Layer masking();

    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2, activation = "tanh")
    Layer head();

    /** The head's rows per timestep, then the cell's final state per sample. */
    record Targets(float[][][] head, float[][] encoderState) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * Keras' {@code out, [h0], [state1] = RNN([GRUCell(3), MinimalRNNCell(4)], go_backwards=True,
   * return_state=True)(x)} with {@code Model(x, [head(out), h0, state1])}.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      loss = "mse",
      losses = {@OutputLoss(output = "encoderState1", weight = 0.5)})
  interface StackAdam {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 4)
        },
        goBackwards = true,
        returnState = true)
    Layer encoder();

    @Dense(units = 1)
    Layer out();

    /** The head's targets, then the GRU cell's final h and the custom cell's final state. */
    record Targets(float[][] out, float[][] encoderH0, float[][] encoderState1) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * Keras' {@code seq, state = RNN(DoubledTanhCell(4), return_sequences=True,
   * return_state=True)(x)} with {@code Model(x, [head(seq), state])}: the cell's output is twice
   * its state, so the state's loss must enter its last step as the state's gradient.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface DoubledSgd {
    @RNN(cell = DoubledTanhCell.class, units = 4, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    /** The head's rows per timestep, then the cell's final state per sample. */
    record Targets(float[][][] head, float[][] encoderState) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * Keras' {@code seq, state = RNN(TwoInputDoubledTanhCell(4, 3), return_sequences=True,
   * return_state=True)(Concatenate()([first, project(second)]))} with {@code Model([first, second],
   * [head(seq), state])}: a two-input cell whose output is twice its state, the first input a model
   * input's rows, the second a Dense projection that learns.
   */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      losses = {
        @OutputLoss(output = "head", value = "mse"),
        @OutputLoss(output = "pairState", value = "mae", weight = 0.5)
      })
  interface MultiInputSgd {
    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(
        cell = TwoInputDoubledTanhCell.class,
        units = 4,
        returnSequences = true,
        returnState = true)
    Layer pair(Layer first, Layer project);

    @Dense(units = 2)
    Layer head(Layer pair);

    /** The head's rows per timestep, then the cell's final state per sample. */
    record Targets(float[][][] head, float[][] pairState) {}

    History fit(float[][][] first, float[][][] second, Targets y, FitOptions options);

    Logs evaluate(float[][][] first, float[][][] second, Targets y);
  }

  /**
   * Keras' {@code seq, forward_state, backward_state = Bidirectional(RNN(DoubledTanhCell(4),
   * return_sequences=True, return_state=True))(x)} with {@code Model(x, [head(seq), forward_state,
   * backward_state])}: each direction's final state under a loss of its own (the backward one's the
   * state after timestep 0).
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.05,
      momentum = 0.9,
      losses = {
        @OutputLoss(output = "head", value = "mse"),
        @OutputLoss(output = "pairForwardState", value = "mse"),
        @OutputLoss(output = "pairBackwardState", value = "mae", weight = 0.25)
      })
  interface BidirectionalSgd {
    @Bidirectional
    @RNN(cell = DoubledTanhCell.class, units = 4, returnSequences = true, returnState = true)
    Layer pair();

    @Dense(units = 2)
    Layer head();

    /** The head's rows per timestep, then each direction's final state per sample. */
    record Targets(float[][][] head, float[][] pairForwardState, float[][] pairBackwardState) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }
}
