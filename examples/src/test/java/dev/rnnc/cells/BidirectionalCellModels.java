package dev.rnnc.cells;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.runtime.Layer;

/**
 * {@code @Bidirectional} around {@code @RNN} (fixtures:
 * tools/goldens/keras_bidirectional_cells.py).
 */
final class BidirectionalCellModels {
  private BidirectionalCellModels() {}

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface BidiCustomConcatSeq {
    @Bidirectional
    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true)
    Layer bi();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }

  /** BidiCustomConcatSeq with any number of timesteps per call. */
  @RnnModel(input = @Input(features = 3))
  interface BidiCustomConcatVariable {
    @Bidirectional
    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true)
    Layer bi();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface BidiStackedSumLast {
    @Bidirectional(mergeMode = "sum")
    @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)})
    Layer bi();

    float[] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface BidiStackedMulSeq {
    @Bidirectional(mergeMode = "mul")
    @RNN(
        cells = {
          @Cell(type = SimpleRNNCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 3)
        },
        returnSequences = true)
    Layer bi();

    float[][] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface BidiMaskedCustomAveSeq {
    @Masking
    Layer mask();

    @Bidirectional(mergeMode = "ave")
    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true)
    Layer bi();

    float[][] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface BidiMaskedStackedConcatLast {
    @Masking
    Layer mask();

    @Bidirectional
    @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = LSTMCell.class, units = 3)})
    Layer bi();

    float[] predict(float[][] x);
  }

  /** The merged output, then the forward direction's states, then the backward's. */
  record BidiStates(
      float[] output,
      float[] forwardH0,
      float[] forwardC0,
      float[] forwardH1,
      float[] backwardH0,
      float[] backwardC0,
      float[] backwardH1) {}

  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface BidiStackedReturnState {
    @Bidirectional
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 2)},
        returnState = true)
    Layer bi();

    BidiStates encode(float[][] x);
  }
}
