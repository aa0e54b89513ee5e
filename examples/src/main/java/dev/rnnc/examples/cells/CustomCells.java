package dev.rnnc.examples.cells;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.examples.weather.SeattleWeather;
import dev.rnnc.examples.weather.WeatherData;
import dev.rnnc.examples.weather.WeatherForecast;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.GradientCheck;
import dev.rnnc.runtime.train.History;

/**
 * A custom cell, declared, checked and trained (the Keras RNN guide's {@code MinimalRNNCell}:
 * {@code output = x·kernel + h·recurrent_kernel}, {@link MinimalRnnCell}). The cell is a plain Java
 * class with a forward step and a backward step; {@link GradientCheck} compares its backward step
 * with finite differences of its forward step before anything trains; then an {@code @RNN} of it
 * learns the weather forecast of {@link WeatherForecast}.
 */
public final class CustomCells {

  /** The weather forecaster with the guide's minimal cell in place of an LSTM. */
  @RnnModel(input = @Input(timesteps = WeatherForecast.DAYS, features = 4))
  @Compile(optimizer = "adam", learningRate = 1e-3, loss = "mse", metrics = "mae")
  public interface MinimalForecaster {
    @RNN(cell = MinimalRnnCell.class, units = 32)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();

    float[][] predict(float[][][] windows);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  private CustomCells() {}

  /** Runs the example; exits with status 1 if the gradient check fails. */
  public static void main(String[] args) {
    if (!run(ExampleOptions.parse(args))) {
      System.exit(1);
    }
  }

  /** Checks the cell's gradients, then trains a model of it; false if the check failed. */
  public static boolean run(ExampleOptions options) {
    options.banner("Custom cells: the RNN guide's MinimalRNNCell, gradient-checked and trained");
    GradientCheck.Report check =
        GradientCheck.of(() -> new MinimalRnnCell(4, 32))
            .inputSize(4)
            .stateSizes(32)
            .outputSize(32)
            .seed(42)
            .run();
    System.out.println("MinimalRnnCell's backward step against finite differences:");
    System.out.println(check);
    if (!check.passed()) {
      return false;
    }

    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    MinimalForecaster model = RnncCustomCells_MinimalForecaster.create(42L);
    System.out.print(RnncModel.summary(model));
    EarlyStopping early =
        EarlyStopping.builder()
            .monitor("val_loss")
            .patience(options.full() ? 20 : 8)
            .restoreBestWeights(true)
            .build();
    History history =
        model.fit(
            data.trainX(),
            data.trainY(),
            new FitOptions()
                .epochs(options.full() ? 300 : 60)
                .validationSplit(WeatherData.VALIDATION_SPLIT)
                .seed(7)
                .verbose(0)
                .callbacks(early));
    System.out.printf(
        "trained %d epochs (best at %d): test MAE %.2f °C over 2015 (the LSTM of the weather"
            + " example: about 2.1 °C; naive: %.2f °C)%n",
        history.size(),
        early.bestEpoch() + 1,
        data.testMaeCelsius(model.predict(data.testX())),
        data.testMaeCelsius(data.persistenceForecasts()));
    return true;
  }
}
