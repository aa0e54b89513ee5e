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
import dev.rnnc.runtime.Layer;

/**
 * {@code @RNN(unroll = true)} and the same models looped (fixtures:
 * tools/goldens/keras_rnn_unroll.py); each looped twin loads the unrolled one's file.
 */
final class UnrollModels {
  private UnrollModels() {}

  /** Keras' rnn_test masking case: Masking, then RNN(custom cell, unroll=True), then Dense. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface UnrollMaskedCustomSeq {
    @Masking
    Layer mask();

    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true, unroll = true)
    Layer custom();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }

  /** UnrollMaskedCustomSeq looped. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface LoopMaskedCustomSeq {
    @Masking
    Layer mask();

    @RNN(cell = MinimalRnnCell.class, units = 4, returnSequences = true)
    Layer custom();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface UnrollMaskedStackedBackwards {
    @Masking
    Layer mask();

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 5), @Cell(type = GRUCell.class, units = 3)},
        goBackwards = true,
        unroll = true)
    Layer stack();

    float[] predict(float[][] x);

    float[][] predict(float[][][] batch);
  }

  /** UnrollMaskedStackedBackwards looped. */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface LoopMaskedStackedBackwards {
    @Masking
    Layer mask();

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 5), @Cell(type = GRUCell.class, units = 3)},
        goBackwards = true)
    Layer stack();

    float[] predict(float[][] x);

    float[][] predict(float[][][] batch);
  }

  @RnnModel(input = @Input(timesteps = 4, features = 2))
  interface UnrollBidirectionalCustom {
    @Bidirectional
    @RNN(cell = MinimalRnnCell.class, units = 3, returnSequences = true, unroll = true)
    Layer both();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }

  /** UnrollBidirectionalCustom looped. */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  interface LoopBidirectionalCustom {
    @Bidirectional
    @RNN(cell = MinimalRnnCell.class, units = 3, returnSequences = true)
    Layer both();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }
}
