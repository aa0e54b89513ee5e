package dev.rnnc.states;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Models whose last layer returns its final states (fixtures: tools/goldens/keras_return_state.py).
 */
final class StateModels {
  private StateModels() {}

  /** LSTM output with h and c. */
  record LstmResult(float[] output, float[] h, float[] c) {}

  /** GRU sequence output with h. */
  record GruResult(float[][] output, float[] h) {}

  /** Bidirectional LSTM: merged output, forward h, c, backward h, c. */
  record BidiResult(
      float[] output, float[] forwardH, float[] forwardC, float[] backwardH, float[] backwardC) {}

  /** SimpleRNN output with h. */
  record RnnResult(float[] output, float[] h) {}

  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface StateLstm {
    @LSTM(units = 5, returnState = true)
    Layer encoder();

    LstmResult encode(float[][] x);

    LstmResult[] encode(float[][][] batch);

    float[] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 2))
  interface StateGruSeq {
    @GRU(units = 4, returnSequences = true, returnState = true)
    Layer encoder();

    GruResult encode(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface StateBidiLstm {
    @Bidirectional
    @LSTM(units = 3, returnState = true)
    Layer encoder();

    BidiResult encode(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 8, features = 2))
  interface StateMaskedLstm {
    @Masking
    Layer padding();

    @LSTM(units = 4, returnState = true, zeroOutputForMask = true)
    Layer encoder();

    LstmResult encode(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface StateStacked {
    @LSTM(units = 6, returnSequences = true)
    Layer first();

    @SimpleRNN(units = 3, returnState = true)
    Layer second();

    RnnResult encode(float[][] x);
  }

  /** A decoder: starts from given h, c (e.g. an encoder's final states). */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface InitialLstm {
    @LSTM(units = 5, returnSequences = true)
    Layer decoder();

    @Dense(units = 4, activation = "softmax")
    Layer head();

    float[][] decode(float[][] x, float[] h, float[] c);

    float[][][] decode(float[][][] x, float[][] h, float[][] c);

    void decode(float[][] x, float[] h, float[] c, float[][] out);

    void decode(float[][][] x, float[][] h, float[][] c, float[][][] out);

    float[][] predict(float[][] x);
  }

  /** Initial state in, final state out. */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface InitialGruState {
    @GRU(units = 4, returnState = true)
    Layer decoder();

    RnnResult decode(float[][] x, float[] h);

    RnnResult[] decode(float[][][] x, float[][] h);
  }

  @RnnModel(input = @Input(timesteps = 7, features = 2))
  interface InitialMaskedLstm {
    @Masking
    Layer padding();

    @LSTM(units = 3, returnSequences = true)
    Layer decoder();

    float[][] decode(float[][] x, float[] h, float[] c);
  }

  @RnnModel(input = @Input(timesteps = 4, features = 3))
  interface InitialBidiLstm {
    @Bidirectional
    @LSTM(units = 3, returnSequences = true)
    Layer encoder();

    float[][] encode(
        float[][] x, float[] forwardH, float[] forwardC, float[] backwardH, float[] backwardC);
  }
}
