package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stateful layers with custom cells in the generated {@code fit}: truncated BPTT over consecutive
 * batches, each sample continuing its position's stream, as the built-in stateful layers ({@code
 * StatefulTrainingTest}). Keras parity (tools/goldens/keras_stateful_custom_cell_training.py) and
 * the second batch's gradient against central differences from the carried states.
 */
class StatefulCustomCellTrainingTest {

  @Test
  void aStatefulCustomCellCarriesItsStatesAcrossBatchesAsKeras() throws IOException {
    var model = RnncStatefulCustomCellTrainingModels_StatefulMinimalAdamMse.create(0);
    TrainingParityTest.check(
        "stateful_minimal_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void aStatefulStackWithACustomCellAndACustomLayerAbovePlayAsKeras() throws IOException {
    var model = RnncStatefulCustomCellTrainingModels_StatefulStackedMinimalSgdMse.create(0);
    TrainingParityTest.check(
        "stateful_stacked_minimal_sgd_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  /** On 3 threads each shard continues its samples' streams: still Keras' trajectory. */
  @Test
  void aStatefulStackOnThreeThreads() throws IOException {
    var model = RnncStatefulCustomCellTrainingModels_StatefulStackedMinimalSgdMse.create(0);
    TrainingParityTest.check(
        "stateful_stacked_minimal_sgd_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o.threads(3)));
  }

  /** The fixture depends on the carried states: the layer starting each batch at zeros fails. */
  @Test
  void theFixtureTellsAStatelessTwinApart() {
    var twin = RnncStatefulCustomCellTrainingModels_StatelessMinimalAdamMse.create(0);
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () ->
                TrainingParityTest.check(
                    "stateful_minimal_adam_mse",
                    twin,
                    (f, o) -> twin.fit(floats3(f.get("x")), floats2(f.get("y")), o)));
    assertTrue(error.getMessage().contains("batch 2 of epoch 1"), error.getMessage());
  }

  /**
   * Truncated BPTT through the custom cell against central differences: the second batch's SGD step
   * must move each weight by -learningRate times the derivative of that batch's loss computed from
   * the states the first batch left, held fixed (constants of the step, as in Keras); {@code
   * evaluate} carries them as {@code fit} does. Whether the states carry at all is the Keras
   * fixture's to tell (above).
   */
  @Test
  void theSecondBatchsGradientIsThatOfItsLossFromTheCarriedStates() {
    java.util.Random random = new java.util.Random(29);
    float[][][] first = new float[4][4][2];
    float[][][] second = new float[4][4][2];
    float[][] y1 = new float[4][1];
    float[][] y2 = new float[4][1];
    for (int b = 0; b < 4; b++) {
      for (int t = 0; t < 4; t++) {
        for (int f = 0; f < 2; f++) {
          first[b][t][f] = (float) random.nextGaussian();
          second[b][t][f] = (float) random.nextGaussian();
        }
      }
      y1[b][0] = (float) random.nextGaussian();
      y2[b][0] = (float) random.nextGaussian();
    }
    var model = RnncStatefulCustomCellTrainingModels_StatefulMinimalSgd.create(5);
    SgdStepCheck.randomize(model, 3, 0.5);
    FitOptions one = new FitOptions().batchSize(4).shuffle(false).verbose(0);
    List<Variable> variables = new ArrayList<>();
    model.layers().forEach(layer -> variables.addAll(layer.variables()));
    List<float[]> w0 = variables.stream().map(Variable::get).toList();
    model.fit(first, y1, one);
    List<float[]> w1 = variables.stream().map(Variable::get).toList();
    model.fit(second, y2, one); // starts from the states the first batch left
    List<float[]> w2 = variables.stream().map(Variable::get).toList();
    double epsilon = 1e-2;
    int checked = 0;
    double worstRatio = 0;
    StringBuilder table = new StringBuilder();
    boolean failed = false;
    for (int v = 0; v < variables.size(); v++) {
      double worst = 0;
      double scale = 0;
      for (int i = 0; i < w1.get(v).length; i++) {
        double step = (w1.get(v)[i] - w2.get(v)[i]) / 0.1;
        // central differences at ε and 2ε, combined so that their ε² error cancels
        double d1 =
            (secondLoss(model, variables, w0, w1, v, i, epsilon, first, y1, second, y2)
                    - secondLoss(model, variables, w0, w1, v, i, -epsilon, first, y1, second, y2))
                / (2 * epsilon);
        double d2 =
            (secondLoss(model, variables, w0, w1, v, i, 2 * epsilon, first, y1, second, y2)
                    - secondLoss(
                        model, variables, w0, w1, v, i, -2 * epsilon, first, y1, second, y2))
                / (4 * epsilon);
        double numeric = (4 * d1 - d2) / 3;
        worst = Math.max(worst, Math.abs(step - numeric));
        scale = Math.max(scale, Math.abs(numeric));
        checked++;
      }
      boolean ok =
          scale >= 10 * SgdStepCheck.ROUNDING && worst <= 2e-3 * scale + SgdStepCheck.ROUNDING;
      failed |= !ok;
      worstRatio = Math.max(worstRatio, worst / scale);
      table.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  variable %d: largest derivative %.3g, worst difference %.3g%s",
              v,
              scale,
              worst,
              ok ? "" : "  FAILED"));
    }
    assertTrue(!failed, "second batch's step against central differences:" + table);
    System.out.println("StatefulMinimalSgd: " + checked + " values, worst " + worstRatio + table);
  }

  /**
   * The second batch's loss at weights w1 with one value moved by {@code delta}, from the states
   * the first batch leaves at weights w0.
   */
  private static double secondLoss(
      StatefulCustomCellTrainingModels.StatefulMinimalSgd model,
      List<Variable> variables,
      List<float[]> w0,
      List<float[]> w1,
      int v,
      int i,
      double delta,
      float[][][] first,
      float[][] y1,
      float[][][] second,
      float[][] y2) {
    model.resetStates();
    for (int k = 0; k < variables.size(); k++) {
      variables.get(k).set(w0.get(k));
    }
    model.evaluate(first, y1);
    for (int k = 0; k < variables.size(); k++) {
      float[] values = w1.get(k).clone();
      if (k == v) {
        values[i] += (float) delta;
      }
      variables.get(k).set(values);
    }
    return model.evaluate(second, y2).get("loss");
  }
}
