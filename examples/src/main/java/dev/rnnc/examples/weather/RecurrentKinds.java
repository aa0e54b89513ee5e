package dev.rnnc.examples.weather;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * SimpleRNN vs LSTM vs GRU on one task, the weather forecast of {@link WeatherForecast}: the same
 * data, width (32 units), optimizer, epochs and early stopping for each; a table of parameters (as
 * Keras counts them), training time per epoch and test error, and a PNG of the learning curves.
 */
public final class RecurrentKinds {
  private static final int DAYS = WeatherForecast.DAYS;

  /** A SimpleRNN forecaster. */
  @RnnModel(input = @Input(timesteps = DAYS, features = 4))
  @Compile(optimizer = "adam", learningRate = 1e-3, loss = "mse", metrics = "mae")
  public interface WithSimpleRnn extends Forecaster {
    @SimpleRNN(units = 32)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();
  }

  /** An LSTM forecaster. */
  @RnnModel(input = @Input(timesteps = DAYS, features = 4))
  @Compile(optimizer = "adam", learningRate = 1e-3, loss = "mse", metrics = "mae")
  public interface WithLstm extends Forecaster {
    @LSTM(units = 32)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();
  }

  /** A GRU forecaster. */
  @RnnModel(input = @Input(timesteps = DAYS, features = 4))
  @Compile(optimizer = "adam", learningRate = 1e-3, loss = "mse", metrics = "mae")
  public interface WithGru extends Forecaster {
    @GRU(units = 32)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();
  }

  /** The calls the three share. */
  public interface Forecaster {
    float[][] predict(float[][][] windows);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** One row of the table. */
  public record Row(
      String kind,
      long parameters,
      int epochs,
      double secondsPerEpoch,
      double testMae,
      History history) {}

  private RecurrentKinds() {}

  /** Runs the comparison ({@code --full}: up to 300 epochs each instead of 60). */
  public static void main(String[] args) throws IOException {
    run(ExampleOptions.parse(args));
  }

  /** Trains the three, prints the table, writes the PNG; returns the rows. */
  public static List<Row> run(ExampleOptions options) throws IOException {
    options.banner("SimpleRNN vs LSTM vs GRU: the weather forecast, three ways");
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), DAYS);
    List<Row> rows = new ArrayList<>();
    rows.add(train("SimpleRNN", RnncRecurrentKinds_WithSimpleRnn::create, data, options));
    rows.add(train("LSTM", RnncRecurrentKinds_WithLstm::create, data, options));
    rows.add(train("GRU", RnncRecurrentKinds_WithGru::create, data, options));

    System.out.printf(
        "%n%-10s %10s %8s %14s %15s%n",
        "cell", "params", "epochs", "ms per epoch", "test MAE (°C)");
    for (Row row : rows) {
      System.out.printf(
          "%-10s %,10d %8d %14.1f %15.2f%n",
          row.kind(), row.parameters(), row.epochs(), row.secondsPerEpoch() * 1e3, row.testMae());
    }
    System.out.printf(
        "%-10s %10s %8s %14s %15.2f%n",
        "naive", "-", "-", "-", data.testMaeCelsius(data.persistenceForecasts()));
    Path png = options.file("recurrent-kinds.png");
    LearningCurves.write(
        png, "Training (dashed) and validation loss per epoch: the weather forecast", rows);
    System.out.println("wrote " + png);
    return rows;
  }

  /** Run-to-run variation: the test error over seeds 0..N-1 (initial weights and shuffling). */
  private static void seedSweep(
      String kind, LongFunction<Forecaster> create, WeatherData data, ExampleOptions options) {
    double[] maes =
        options.overSeeds(
            seed -> {
              Forecaster model = create.apply(seed);
              model.fit(
                  data.trainX(), data.trainY(), fitOptions(options, seed, earlyStopping(options)));
              return data.testMaeCelsius(model.predict(data.testX()));
            });
    System.out.printf("%-10s %s%n", kind, ExampleOptions.spread("test MAE (°C)", maes, "%.2f"));
  }

  private static EarlyStopping earlyStopping(ExampleOptions options) {
    return EarlyStopping.builder()
        .monitor("val_loss")
        .patience(options.full() ? 20 : 8)
        .restoreBestWeights(true)
        .build();
  }

  private static FitOptions fitOptions(ExampleOptions options, long seed, EarlyStopping early) {
    return new FitOptions()
        .epochs(options.full() ? 300 : 60)
        .batchSize(32)
        .validationSplit(WeatherData.VALIDATION_SPLIT)
        .seed(seed)
        .verbose(0)
        .callbacks(early);
  }

  private static Row train(
      String kind, LongFunction<Forecaster> create, WeatherData data, ExampleOptions options) {
    // a few throwaway epochs first, so that the JIT has compiled this kind's code before timing
    create
        .apply(0L)
        .fit(data.trainX(), data.trainY(), new FitOptions().epochs(3).seed(1).verbose(0));
    if (options.seeds() > 1) {
      seedSweep(kind, create, data, options);
    }
    Forecaster model = create.apply(42L);
    long parameters = RnncModel.of(model).modelSummary().totalParams();
    EarlyStopping early = earlyStopping(options);
    long start = System.nanoTime();
    History history = model.fit(data.trainX(), data.trainY(), fitOptions(options, 7, early));
    double seconds = (System.nanoTime() - start) / 1e9;
    double mae = data.testMaeCelsius(model.predict(data.testX()));
    System.out.printf(
        "%-10s trained %d epochs (best at %d), test MAE %.2f °C%n",
        kind, history.size(), early.bestEpoch() + 1, mae);
    return new Row(kind, parameters, history.size(), seconds / history.size(), mae, history);
  }
}
