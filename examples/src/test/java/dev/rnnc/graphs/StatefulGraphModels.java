package dev.rnnc.graphs;

import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Graph models with stateful layers (fixtures: tools/goldens/keras_stateful_graphs.py). */
final class StatefulGraphModels {
  private StatefulGraphModels() {}

  /** Two inputs, each into a stateful layer; the merged summaries feed a head. */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 4, features = 3),
        @Input(name = "b", timesteps = 6, features = 2)
      })
  interface TwoBranches {
    @GRU(units = 3, stateful = true)
    Layer encoder(Layer a);

    @LSTM(units = 4, stateful = true)
    Layer other(Layer b);

    @Concatenate
    Layer joined(Layer encoder, Layer other);

    @Dense(units = 2)
    Layer head();

    float[] predict(float[][] a, float[][] b);

    void predictInto(float[][] a, float[][] b, float[] out);

    void resetStates();
  }

  /** A stateful decoder started by a stateless encoder's final states, then a stateful GRU. */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 5, features = 3),
        @Input(name = "b", timesteps = 4, features = 3)
      })
  interface DecoderWithInitialState {
    @LSTM(units = 3, returnState = true)
    Layer encoder(Layer a);

    @LSTM(units = 3, stateful = true, returnSequences = true)
    Layer decoder(Layer b, @InitialState Layer encoder);

    @GRU(units = 2, stateful = true)
    Layer tail();

    float[] predict(float[][] a, float[][] b);

    void resetStates();
  }
}
