package dev.rnnc.cells;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Models around the two-input {@link NestedCell} (fixtures: tools/goldens/keras_nested_cell.py).
 */
final class NestedModels {
  private NestedModels() {}

  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = NestedCell.I2 * NestedCell.I3)
      })
  interface NestedSeq {
    @RNN(cell = NestedCell.class, units = NestedCell.UNIT_1, returnSequences = true)
    Layer nested(Layer first, Layer second);

    float[][] predict(float[][] first, float[][] second);

    float[][][] predict(float[][][] first, float[][][] second);
  }

  /** The last output, timesteps processed last first. */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = NestedCell.I2 * NestedCell.I3)
      })
  interface NestedLast {
    @RNN(cell = NestedCell.class, units = NestedCell.UNIT_1, goBackwards = true)
    Layer nested(Layer first, Layer second);

    float[] predict(float[][] first, float[][] second);

    void predictInto(float[][] first, float[][] second, float[] out);
  }

  /** The output and the cell's two states, flattened. */
  record WithStates(float[] output, float[] state0, float[] state1) {}

  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = NestedCell.I2 * NestedCell.I3)
      })
  interface NestedState {
    @RNN(cell = NestedCell.class, units = NestedCell.UNIT_1, goBackwards = true, returnState = true)
    Layer nested(Layer first, Layer second);

    WithStates predict(float[][] first, float[][] second);
  }

  /** The second input comes from a layer, whose buffer rows are padded to the vector width. */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  interface NestedAfterDense {
    @Dense(units = NestedCell.I2 * NestedCell.I3, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = NestedCell.class, units = NestedCell.UNIT_1, returnSequences = true)
    Layer nested(Layer first, Layer project);

    float[][] predict(float[][] first, float[][] second);
  }

  /** {@link NestedAfterDense}'s first layer alone. */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface ProjectOnly {
    @Dense(units = NestedCell.I2 * NestedCell.I3, activation = "tanh")
    Layer project();

    float[][] predict(float[][] x);
  }

  /** One input of any length, read by the cell directly and through a Dense: one timeline. */
  @RnnModel(input = @Input(name = "x", features = 3))
  interface NestedVariable {
    @Dense(units = NestedCell.I2 * NestedCell.I3, activation = "tanh")
    Layer project(Layer x);

    @RNN(cell = NestedCell.class, units = NestedCell.UNIT_1, returnSequences = true)
    Layer nested(Layer x, Layer project);

    float[][] predict(float[][] x);
  }

  /** {@link NestedVariable}'s Dense alone, over 5 timesteps. */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface ProjectFive {
    @Dense(units = NestedCell.I2 * NestedCell.I3, activation = "tanh")
    Layer project();

    float[][] predict(float[][] x);
  }
}
