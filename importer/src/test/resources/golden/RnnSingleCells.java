package com.acme;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Sequential model {@code rnn_single_cells}, imported from {@code rnn_single_cells.keras}
 * (saved by Keras 3.15.1): input {@code (6, 3)}, output {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncRnnSingleCells.load(Path.of("rnn_single_cells.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 6, features = 3), name = "rnn_single_cells")
public interface RnnSingleCells {
  /** Keras layer {@code generic} (RNN): (6, 3) -> (6, 3). */
  @RNN(cells = @Cell(type = LSTMCell.class, units = 3), returnSequences = true)
  Layer generic();

  /** Keras layer {@code summary} (RNN): (6, 3) -> (2,). */
  @RNN(cells = @Cell(type = GRUCell.class, units = 2, resetAfter = false))
  Layer summary();

  /** Keras layer {@code head} (Dense): (2,) -> (2,). */
  @Dense(units = 2)
  Layer head();

  /** One sample: (6, 3) -> (2,). */
  float[] predict(float[][] input);

  /** A batch: (B, 6, 3) -> (B, 2). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (6, 3) -> (2,). */
  void predictInto(float[][] input, float[] out);
}
