package com.acme;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code rnn_stacked_cells}, imported from
 * {@code rnn_stacked_cells.keras} (saved by Keras 3.15.1): input {@code (7, 3)}, output
 * {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncRnnStackedCells.load(Path.of("rnn_stacked_cells.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 7, features = 3), name = "rnn_stacked_cells")
public interface RnnStackedCells {
  /** Keras layer {@code stack} (RNN): (7, 3) -> (7, 5). */
  @RNN(
      cells = {
          @Cell(type = LSTMCell.class, units = 4),
          @Cell(type = GRUCell.class, units = 3, resetAfter = false),
          @Cell(type = SimpleRNNCell.class, units = 5, activation = "relu")},
      returnSequences = true)
  Layer stack();

  /** Keras layer {@code summary} (RNN): (7, 5) -> (2,). */
  @RNN(
      cells = {
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = LSTMCell.class, units = 2, unitForgetBias = false)},
      goBackwards = true)
  Layer summary();

  /** Keras layer {@code head} (Dense): (2,) -> (2,). */
  @Dense(units = 2)
  Layer head();

  /** One sample: (7, 3) -> (2,). */
  float[] predict(float[][] input);

  /** A batch: (B, 7, 3) -> (B, 2). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (7, 3) -> (2,). */
  void predictInto(float[][] input, float[] out);
}
