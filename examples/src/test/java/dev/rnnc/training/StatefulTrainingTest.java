package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stateful layers in the generated {@code fit}: Keras trajectory parity over consecutive batches
 * (tools/goldens/keras_training_parity.py; each sample continues the stream its position left in
 * the previous batch, across epochs, gradients stopping at the batch boundary), a stateless twin
 * that the same fixture tells apart, and the checks of a stateful fit's batches.
 */
class StatefulTrainingTest {

  @Test
  void statefulLstmAndGruCarryStatesAcrossBatchesAsKeras() throws IOException {
    var model = RnncStatefulTrainingModels_StatefulLstmGruAdamMse.create(0);
    TrainingParityTest.check(
        "stateful_lstm_gru_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void statefulBidirectionalAndStackedCellsCarryStatesAsKeras() throws IOException {
    var model = RnncStatefulTrainingModels_StatefulBidirectionalCellsSgdMse.create(0);
    TrainingParityTest.check(
        "stateful_bidirectional_cells_sgd_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  /**
   * A batch split across 3 threads (each shard continuing its samples' streams) reproduces Keras as
   * one thread does.
   */
  @Test
  void statefulLstmAndGruOnThreeThreads() throws IOException {
    var model = RnncStatefulTrainingModels_StatefulLstmGruAdamMse.create(0);
    TrainingParityTest.check(
        "stateful_lstm_gru_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o.threads(3)));
  }

  /**
   * A step call beside {@code fit}: the model trains exactly as its twin without the step call (the
   * same bits, so the checks of that twin hold), its steps run on the trained weights, and {@code
   * fit} leaves the step stream's states alone (they are the stream's, the training batches carry
   * their own): a stream stepped twice, then fitted, then stepped twice more, continues as one
   * stepped twice with the first weights and twice with the trained ones.
   */
  @Test
  void aStepCallBesideFitStreamsOnTheTrainedWeights() {
    java.util.Random random = new java.util.Random(17);
    float[][][] x = new float[8][4][2];
    float[][] y = new float[8][1];
    for (int b = 0; b < 8; b++) {
      for (int t = 0; t < 4; t++) {
        for (int f = 0; f < 2; f++) {
          x[b][t][f] = (float) random.nextGaussian();
        }
      }
      y[b][0] = (float) random.nextGaussian();
    }
    FitOptions options =
        new FitOptions().epochs(2).batchSize(4).shuffle(false).verbose(0).threads(2);
    var twin = RnncStatefulTrainingModels_StatefulLstmSgd.create(5);
    var stepping = RnncStatefulTrainingModels_StatefulLstmSgdWithStep.create(5);
    var reference = RnncStatefulTrainingModels_StatefulLstmSgdWithStep.create(5);
    stepping.step(x[0][0]);
    stepping.step(x[0][1]);
    reference.step(x[0][0]);
    reference.step(x[0][1]);
    twin.fit(x, y, options);
    stepping.fit(x, y, options);
    List<Variable> trained = new ArrayList<>();
    stepping.layers().forEach(layer -> trained.addAll(layer.variables()));
    List<Variable> twins = new ArrayList<>();
    twin.layers().forEach(layer -> twins.addAll(layer.variables()));
    List<Variable> references = new ArrayList<>();
    reference.layers().forEach(layer -> references.addAll(layer.variables()));
    for (int v = 0; v < trained.size(); v++) {
      assertArrayEquals(twins.get(v).get(), trained.get(v).get(), "variable " + v);
      assertFalse(
          java.util.Arrays.equals(references.get(v).get(), trained.get(v).get()),
          "variable " + v + " did not train");
      references.get(v).set(trained.get(v).get());
    }
    for (int t = 2; t < 4; t++) {
      assertArrayEquals(reference.step(x[0][t]), stepping.step(x[0][t]), "step " + t);
    }
    stepping.resetStates();
    reference.resetStates();
    assertArrayEquals(reference.step(x[1][0]), stepping.step(x[1][0]), "after resetStates");
  }

  /**
   * The fixture depends on the carried states: the same layers starting each batch at zeros fail.
   */
  @Test
  void theFixtureTellsAStatelessTwinApart() {
    var twin = RnncStatefulTrainingModels_StatelessLstmGruAdamMse.create(0);
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () ->
                TrainingParityTest.check(
                    "stateful_lstm_gru_adam_mse",
                    twin,
                    (f, o) -> twin.fit(floats3(f.get("x")), floats2(f.get("y")), o)));
    assertTrue(error.getMessage().contains("batch 2 of epoch 1"), error.getMessage());
  }

  /**
   * Truncated BPTT checked against central differences: the second batch's SGD step must move each
   * weight by -learningRate times the derivative of that batch's loss, computed with the states the
   * first batch left held fixed (they are constants of the step, as in Keras).
   */
  @Test
  void theSecondBatchsGradientIsThatOfItsLossFromTheCarriedStates() {
    java.util.Random random = new java.util.Random(13);
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
    var model = RnncStatefulTrainingModels_StatefulLstmSgd.create(5);
    FitOptions one = new FitOptions().batchSize(4).shuffle(false).verbose(0);
    List<Variable> variables = new ArrayList<>();
    model.layers().forEach(layer -> variables.addAll(layer.variables()));
    List<float[]> w0 = variables.stream().map(Variable::get).toList();
    model.fit(first, y1, one);
    List<float[]> w1 = variables.stream().map(Variable::get).toList();
    model.fit(second, y2, one); // starts from the states the first batch left
    List<float[]> w2 = variables.stream().map(Variable::get).toList();
    double epsilon = 1e-3;
    double worst = 0;
    double scale = 0;
    for (int v = 0; v < variables.size(); v++) {
      for (int i = 0; i < w1.get(v).length; i++) {
        double step = (w1.get(v)[i] - w2.get(v)[i]) / 0.1;
        double numeric =
            (secondLoss(model, variables, w0, w1, v, i, epsilon, first, y1, second, y2)
                    - secondLoss(model, variables, w0, w1, v, i, -epsilon, first, y1, second, y2))
                / (2 * epsilon);
        worst = Math.max(worst, Math.abs(step - numeric));
        scale = Math.max(scale, Math.abs(numeric));
      }
    }
    assertTrue(scale > 1e-2, "gradients too small to check: " + scale);
    assertTrue(worst <= 2e-3 * scale, "worst difference " + worst + " at scale " + scale);
  }

  /**
   * The second batch's loss at weights w1 with one value moved by {@code delta}, from the states
   * the first batch leaves at weights w0.
   */
  private static double secondLoss(
      StatefulTrainingModels.StatefulLstmSgd model,
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

  @Test
  void resetStatesStartsTheNextBatchFromZeros() {
    float[][][] x = new float[8][6][3];
    float[][] y = new float[8][1];
    for (int b = 0; b < 8; b++) {
      for (int t = 0; t < 6; t++) {
        x[b][t][0] = (float) Math.sin(b + t);
        x[b][t][2] = 0.1f * t;
      }
      y[b][0] = 0.25f * b;
    }
    var model = RnncStatefulTrainingModels_StatefulLstmGruAdamMse.create(3);
    double fresh = model.evaluate(x, y).get("loss");
    double carried = model.evaluate(x, y).get("loss"); // starts from the first call's states
    model.resetStates();
    double reset = model.evaluate(x, y).get("loss");
    assertEquals(fresh, reset, 0.0);
    assertTrue(Math.abs(carried - fresh) > 1e-6, fresh + " vs " + carried);
  }

  @Test
  void aStatefulFitNeedsUnshuffledBatchesOfOneSize() {
    var model = RnncStatefulTrainingModels_StatefulLstmGruAdamMse.create(0);
    float[][][] x = new float[20][6][3];
    float[][] y = new float[20][1];
    IllegalArgumentException shuffled =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(x, y, new FitOptions().batchSize(4).verbose(0)));
    assertTrue(shuffled.getMessage().contains("shuffle(false)"), shuffled.getMessage());
    IllegalArgumentException ragged =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(x, y, new FitOptions().batchSize(8).shuffle(false).verbose(0)));
    assertTrue(
        ragged.getMessage().contains("20 samples are not a multiple of batchSize 8"),
        ragged.getMessage());
    model.fit(x, y, new FitOptions().batchSize(4).shuffle(false).verbose(0));
    IllegalArgumentException other =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(x, y, new FitOptions().batchSize(5).shuffle(false).verbose(0)));
    assertTrue(other.getMessage().contains("carries the states of 4 streams"), other.getMessage());
    model.resetStates(); // streams of another batch size may start after a reset
    model.fit(x, y, new FitOptions().batchSize(5).shuffle(false).verbose(0));
  }
}
