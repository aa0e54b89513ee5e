package dev.rnnc.runtime.train;

import java.io.PrintStream;
import java.util.List;

/** The fit loop's {@link FitContext}. */
final class LoopContext implements FitContext {
  private final int epochs;
  private final int steps;
  private final int verbose;
  private final Optimizer optimizer;
  private final TrainableState state;
  private final List<Metric> metrics;
  private final PrintStream out;
  private boolean stop;

  LoopContext(
      int epochs,
      int steps,
      int verbose,
      Optimizer optimizer,
      TrainableState state,
      List<Metric> metrics,
      PrintStream out) {
    this.epochs = epochs;
    this.steps = steps;
    this.verbose = verbose;
    this.optimizer = optimizer;
    this.state = state;
    this.metrics = metrics;
    this.out = out;
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public int verbose() {
    return verbose;
  }

  @Override
  public Optimizer optimizer() {
    if (optimizer == null) {
      throw new IllegalStateException("no optimizer in this fit");
    }
    return optimizer;
  }

  @Override
  public TrainableState state() {
    if (state == null) {
      throw new IllegalStateException("the model gave the fit loop no TrainableState");
    }
    return state;
  }

  @Override
  public Metric.Direction direction(String name) {
    String metric = name.startsWith("val_") ? name.substring(4) : name;
    if (metric.equals("loss")) {
      return Metric.Direction.DOWN;
    }
    for (Metric m : metrics) {
      if (m.name().equals(metric)) {
        return m.direction();
      }
    }
    return Metric.Direction.NONE;
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
}
