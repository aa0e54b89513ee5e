package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Checks a generated backward pass against central differences: one plain-SGD step over one batch
 * must move every weight by {@code -learningRate} times the derivative of that batch's loss, which
 * central differences of the model's {@code evaluate} give: {@code D(ε) = (L(w + ε) − L(w − ε)) /
 * 2ε} at ε = 1e-2 and 2ε, combined as {@code (4·D(ε) − D(2ε)) / 3} so that their ε² error cancels
 * (the forward passes run in float32, whose rounding a smaller ε would magnify). Per variable, the
 * worst difference must stay within 2e-3 of its largest derivative plus {@link #ROUNDING}, and that
 * derivative must be at least ten times {@code ROUNDING}, so that a missing or wrong gradient path
 * cannot pass.
 */
final class SgdStepCheck {
  /**
   * What float32 rounding of the loss leaves in a difference quotient, absolutely: about 1e-6 to
   * 3e-6 on every variable of the models checked (losses below 1), allowed with a margin.
   */
  static final double ROUNDING = 1e-5;

  private SgdStepCheck() {}

  /**
   * @param model the model, compiled with plain SGD of {@code learningRate}
   * @param fitOneBatch fits the batch once (one optimizer step)
   * @param loss the batch's loss at the current weights ({@code evaluate})
   * @param perVariable about how many values of each variable to check (spread evenly)
   * @return the number of values checked and the worst ratio of a variable's worst difference to
   *     its largest derivative
   */
  static Result check(
      RnncModel model,
      double learningRate,
      Runnable fitOneBatch,
      DoubleSupplier loss,
      int perVariable) {
    List<Variable> variables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    model
        .layers()
        .forEach(
            layer ->
                layer
                    .variables()
                    .forEach(
                        v -> {
                          variables.add(v);
                          names.add(layer.name() + "/" + v.name());
                        }));
    List<float[]> w0 = variables.stream().map(Variable::get).toList();
    fitOneBatch.run();
    List<float[]> w1 = variables.stream().map(Variable::get).toList();
    for (int v = 0; v < variables.size(); v++) {
      variables.get(v).set(w0.get(v)); // the differences are taken around the weights before
    }
    double epsilon = 1e-2;
    int checked = 0;
    double worstRatio = 0;
    boolean failed = false;
    StringBuilder table = new StringBuilder();
    for (int v = 0; v < variables.size(); v++) {
      Variable variable = variables.get(v);
      int every = Math.max(1, w0.get(v).length / perVariable);
      double worst = 0;
      double scale = 0;
      for (int i = 0; i < w0.get(v).length; i += every) {
        double step = (w0.get(v)[i] - w1.get(v)[i]) / learningRate;
        double numeric =
            (4 * difference(variable, w0.get(v), i, epsilon, loss)
                    - difference(variable, w0.get(v), i, 2 * epsilon, loss))
                / 3;
        worst = Math.max(worst, Math.abs(step - numeric));
        scale = Math.max(scale, Math.abs(numeric));
        checked++;
      }
      variable.set(w0.get(v));
      worstRatio = Math.max(worstRatio, worst / scale);
      boolean ok = scale >= 10 * ROUNDING && worst <= 2e-3 * scale + ROUNDING;
      failed |= !ok;
      table.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  %-36s largest derivative %.3g, worst difference %.3g (%.2g of it)%s",
              names.get(v),
              scale,
              worst,
              worst / scale,
              ok ? "" : scale >= 10 * ROUNDING ? "  FAILED" : "  FAILED: too small to check"));
    }
    assertTrue(!failed, "one SGD step against central differences:" + table);
    return new Result(checked, worstRatio, table.toString());
  }

  /**
   * Sets every variable to N(0, scale²) values (biases too), seeded: larger than Keras' initial
   * weights, so that gradients through long paths (initial states) stand above float32 rounding.
   */
  static void randomize(RnncModel model, long seed, double scale) {
    java.util.Random random = new java.util.Random(seed);
    model
        .layers()
        .forEach(
            layer ->
                layer
                    .variables()
                    .forEach(
                        v -> {
                          float[] values = new float[v.get().length];
                          for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (scale * random.nextGaussian());
                          }
                          v.set(values);
                        }));
  }

  /** What a check covered, for the test's report. */
  record Result(int checked, double worstRatio, String table) {}

  /** {@code (L(w + h) − L(w − h)) / 2h} in value {@code i} of {@code variable}. */
  private static double difference(
      Variable variable, float[] w0, int i, double h, DoubleSupplier loss) {
    return (moved(variable, w0, i, h, loss) - moved(variable, w0, i, -h, loss)) / (2 * h);
  }

  /** The loss with value {@code i} of {@code variable} (at {@code w0}) moved by delta. */
  private static double moved(
      Variable variable, float[] w0, int i, double delta, DoubleSupplier loss) {
    float[] values = w0.clone();
    values[i] += (float) delta;
    variable.set(values);
    return loss.getAsDouble();
  }
}
