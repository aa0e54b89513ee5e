package dev.rnnc.flink.examples;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * The stations' forecaster, twice: trained on two-week windows, served one reading at a time with
 * its LSTM state carried (the same layer names, so the stateful twin loads the trained weights).
 */
public final class StationModels {
  /** Days per training window. */
  public static final int DAYS = 14;

  /** Two weeks × 4 features → tomorrow's maximum temperature (standardised). */
  @RnnModel(input = @Input(timesteps = DAYS, features = 4))
  @Compile(optimizer = "adam", learningRate = 1e-3, loss = "mse")
  public interface Windowed {
    @LSTM(units = 32)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();

    /** The batch call: one forecast per window. */
    float[][] predict(float[][][] windows);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** The stateful twin: one day's four readings per call, the LSTM's h and c carried over. */
  @RnnModel(input = @Input(timesteps = 1, features = 4))
  public interface StationStream {
    @LSTM(units = 32, stateful = true)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();

    void stepInto(float[] reading, float[] forecast);

    void resetStates();
  }

  private StationModels() {}
}
