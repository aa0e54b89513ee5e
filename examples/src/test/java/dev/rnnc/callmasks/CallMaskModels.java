package dev.rnnc.callmasks;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;

/**
 * Models whose calls pass a mask, as Keras' {@code model(x, mask=m)} (fixtures:
 * tools/goldens/keras_call_masks.py): every layer kind, Bidirectional, stacks and a graph; the
 * calls come from {@link VectorCalls} or {@link SequenceCalls}.
 */
final class CallMaskModels {
  private CallMaskModels() {}

  /** Every call form of a model with a vector output, with and without a mask. */
  interface VectorCalls {
    float[] predict(float[][] x);

    float[] predict(float[][] x, boolean[] mask);

    float[][] predict(float[][][] x, boolean[][] mask);

    float[][] predict(float[][][] x, int[] lengths);

    void predictInto(float[][] x, boolean[] mask, float[] out);

    void predictInto(float[][][] x, boolean[][] mask, float[][] out);

    void predictInto(float[][][] x, int[] lengths, float[][] out);
  }

  /** Every call form of a model with a sequence output, with and without a mask. */
  interface SequenceCalls {
    float[][] predict(float[][] x);

    float[][] predict(float[][] x, boolean[] mask);

    float[][][] predict(float[][][] x, boolean[][] mask);

    float[][][] predict(float[][][] x, int[] lengths);

    void predictInto(float[][] x, boolean[] mask, float[][] out);

    void predictInto(float[][][] x, boolean[][] mask, float[][][] out);

    void predictInto(float[][][] x, int[] lengths, float[][][] out);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface CallMaskLstmSeq extends SequenceCalls {
    @LSTM(units = 4, returnSequences = true)
    Layer lstm();

    @Dense(units = 2)
    Layer head();
  }

  @RnnModel(input = @Input(timesteps = 7, features = 2))
  interface CallMaskGruLast extends VectorCalls {
    @GRU(units = 5)
    Layer gru();
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface CallMaskSimpleRnnBackwardsZero extends SequenceCalls {
    @SimpleRNN(units = 3, returnSequences = true, goBackwards = true, zeroOutputForMask = true)
    Layer rnn();
  }

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface CallMaskBidirectional extends VectorCalls {
    @Bidirectional
    @LSTM(units = 3, returnSequences = true)
    Layer encoder();

    @Bidirectional(mergeMode = "sum")
    @GRU(units = 2)
    Layer summary();
  }

  @RnnModel(input = @Input(timesteps = 6, features = 2))
  interface CallMaskStackedLayers extends VectorCalls {
    @LSTM(units = 4, returnSequences = true)
    Layer first();

    @GRU(units = 3, returnSequences = true)
    Layer second();

    @SimpleRNN(units = 2)
    Layer third();
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface CallMaskRnnCells extends VectorCalls {
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 2)},
        returnSequences = true)
    Layer stack();

    @RNN(cell = MinimalRnnCell.class, units = 3)
    Layer custom();
  }

  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface CallMaskGraph extends VectorCalls {
    @LSTM(units = 3, returnSequences = true)
    Layer left(Layer x);

    @SimpleRNN(units = 2, returnSequences = true)
    Layer right(Layer x);

    @Concatenate
    Layer joined(Layer left, Layer right);

    @GRU(units = 2)
    Layer out();
  }

  @RnnModel(input = @Input(features = 2))
  interface CallMaskVariable extends VectorCalls {
    @GRU(units = 3)
    Layer gru();
  }
}
