package dev.rnnc.runtime.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A {@link FitContext} for driving callbacks by hand, with the metrics of the Keras fixture model.
 */
final class FakeContext implements FitContext {
  final Optimizer optimizer = SGD.builder().learningRate(0.1).build();
  final float[] weights = {0f};
  final TrainableState state = TrainableState.of(weights);
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final Map<String, Metric.Direction> directions =
      Map.of(
          "accuracy",
          Metric.Direction.UP,
          "mae",
          Metric.Direction.DOWN,
          "loss",
          Metric.Direction.DOWN);
  boolean stop;

  @Override
  public int epochs() {
    return 100;
  }

  @Override
  public int steps() {
    return 1;
  }

  @Override
  public int verbose() {
    return 0;
  }

  @Override
  public Optimizer optimizer() {
    return optimizer;
  }

  @Override
  public TrainableState state() {
    return state;
  }

  @Override
  public Metric.Direction direction(String name) {
    return directions.getOrDefault(
        name.startsWith("val_") ? name.substring(4) : name, Metric.Direction.NONE);
  }

  @Override
  public void stopTraining() {
    stop = true;
  }

  @Override
  public boolean stopTrainingRequested() {
    return stop;
  }

  @Override
  public PrintStream out() {
    return out;
  }

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
