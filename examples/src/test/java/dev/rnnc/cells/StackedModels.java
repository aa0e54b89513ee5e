package dev.rnnc.cells;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.runtime.Layer;

/**
 * Stacked cells and masked {@code @RNN} layers (fixtures: tools/goldens/keras_stacked_cells.py).
 */
final class StackedModels {
  private StackedModels() {}

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface StackedMixedSeq {
    @RNN(
        cells = {
          @Cell(type = LSTMCell.class, units = 5),
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = LSTMCell.class, units = 3),
          @Cell(type = SimpleRNNCell.class, units = 3)
        },
        returnSequences = true)
    Layer stack();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }

  /** StackedMixedSeq with any number of timesteps per call. */
  @RnnModel(input = @Input(features = 3))
  interface StackedMixedVariable {
    @RNN(
        cells = {
          @Cell(type = LSTMCell.class, units = 5),
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = LSTMCell.class, units = 3),
          @Cell(type = SimpleRNNCell.class, units = 3)
        },
        returnSequences = true)
    Layer stack();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 4))
  interface StackedOptions {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 4, resetAfter = false, activation = "softsign"),
          @Cell(
              type = LSTMCell.class,
              units = 3,
              useBias = false,
              recurrentActivation = "hard_sigmoid",
              activation = "elu"),
          @Cell(type = GRUCell.class, units = 3, useBias = false),
          @Cell(type = SimpleRNNCell.class, units = 2, activation = "relu", useBias = false)
        },
        goBackwards = true)
    Layer stack();

    float[] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface StackedCustomMixed {
    @RNN(
        cells = {
          @Cell(type = LSTMCell.class, units = 4),
          @Cell(type = MinimalRnnCell.class, units = 5),
          @Cell(type = GRUCell.class, units = 3)
        },
        returnSequences = true)
    Layer stack();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    void predictInto(float[][] x, float[][] out);
  }

  /** The output, then every cell's final states in Keras' flattened order. */
  record Stacked(float[] output, float[] h0, float[] c0, float[] h1, float[] state2) {}

  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface StackedReturnState {
    @RNN(
        cells = {
          @Cell(type = LSTMCell.class, units = 4),
          @Cell(type = GRUCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 2)
        },
        returnState = true)
    Layer stack();

    Stacked encode(float[][] x);

    Stacked[] encode(float[][][] batch);
  }

  @RnnModel(input = @Input(timesteps = 4, features = 3))
  interface StackedStateful {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = LSTMCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 2)
        },
        stateful = true,
        returnSequences = true)
    Layer stack();

    float[][] predict(float[][] x);

    /** Streaming: one timestep per call, the states carried. */
    float[] step(float[] x);

    void resetStates();
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface MaskedCustomSeq {
    @Masking
    Layer mask();

    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true)
    Layer custom();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    void predictInto(float[][][] x, float[][][] out);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface MaskedCustomLastZero {
    @Masking
    Layer mask();

    @RNN(cell = MinimalRnnCell.class, units = 3, zeroOutputForMask = true, goBackwards = true)
    Layer custom();

    float[] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  interface MaskedStackedTokens {
    @Embedding(inputDim = 10, outputDim = 4, maskZero = true)
    Layer embed();

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 5), @Cell(type = GRUCell.class, units = 3)},
        returnSequences = true)
    Layer lower();

    @RNN(
        cells = {
          @Cell(type = SimpleRNNCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 2)
        },
        goBackwards = true)
    Layer upper();

    float[] predict(int[] ids);

    void predictInto(int[] ids, float[] out);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface MaskedStackedZeroSeq {
    @Masking
    Layer mask();

    @RNN(
        cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = LSTMCell.class, units = 3)},
        returnSequences = true,
        zeroOutputForMask = true)
    Layer stack();

    float[][] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface MaskedStackedBackwardsSeq {
    @Masking
    Layer mask();

    @RNN(
        cells = {
          @Cell(type = SimpleRNNCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 2)
        },
        goBackwards = true,
        returnSequences = true)
    Layer stack();

    float[][] predict(float[][] x);
  }
}
