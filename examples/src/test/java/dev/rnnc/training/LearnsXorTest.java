package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A task no linear model solves: whether the first and the last reading of a sequence have the same
 * sign (an XOR; any linear function of the readings scores about 50%). Trained in Java from
 * Keras-default initial weights, the model must score at least 90% on sequences it never saw.
 */
class LearnsXorTest {

  @RnnModel(input = @Input(timesteps = 8, features = 1))
  @Compile(
      optimizer = "adam",
      learningRate = 0.02,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface SameSign {
    @LSTM(units = 8)
    Layer memory();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    float[] predict(float[][] sequence);

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  /** The same model with Dropout between the LSTM and the head, as the Keras tutorials put it. */
  @RnnModel(input = @Input(timesteps = 8, features = 1))
  @Compile(
      optimizer = "adam",
      learningRate = 0.02,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface SameSignWithDropout {
    @LSTM(units = 8)
    Layer memory();

    @Dropout(rate = 0.2)
    Layer drop();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  @Test
  void learnsWithDropoutAndTrainsTheSameTwice() {
    SplittableRandom random = new SplittableRandom(42);
    float[][][] trainX = new float[512][8][1];
    float[][] trainY = new float[512][1];
    float[][][] testX = new float[256][8][1];
    float[][] testY = new float[256][1];
    fill(trainX, trainY, random);
    fill(testX, testY, random);

    // One run at this learning rate can hit a loss spike it does not recover from in 40 epochs
    // (measured over 3 initial weights x 3 dropout seeds: 8 of 9 runs reach 0.88-0.98, one
    // 0.77; a last-bit change in the kernels moves which run that is), so the claim "it learns"
    // is the median of three dropout seeds.
    double[] accuracies = new double[3];
    List<List<Double>> losses = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      SameSignWithDropout run = RnncLearnsXorTest_SameSignWithDropout.create(7);
      History history =
          run.fit(trainX, trainY, new FitOptions().epochs(40).batchSize(32).seed(seed).verbose(0));
      accuracies[seed - 1] = run.evaluate(testX, testY).get("accuracy");
      losses.add(history.get("loss"));
    }
    double[] sorted = accuracies.clone();
    Arrays.sort(sorted);
    assertTrue(
        sorted[1] >= 0.85,
        "held-out accuracies " + Arrays.toString(accuracies) + "; loss by epoch " + losses);

    SameSignWithDropout model = RnncLearnsXorTest_SameSignWithDropout.create(7);
    SameSignWithDropout twin = RnncLearnsXorTest_SameSignWithDropout.create(7);
    FitOptions options = new FitOptions().epochs(40).batchSize(32).seed(1).verbose(0);
    model.fit(trainX, trainY, options);
    twin.fit(trainX, trainY, options);
    for (String layer : new String[] {"memory", "head"}) {
      Layer a = layer.equals("memory") ? model.memory() : model.head();
      Layer b = layer.equals("memory") ? twin.memory() : twin.head();
      for (int v = 0; v < a.variables().size(); v++) {
        assertArrayEquals(
            a.variables().get(v).get(), b.variables().get(v).get(), layer + " variable " + v);
      }
    }
    // evaluation runs without dropout: the same data gives the same loss every time
    assertEquals(
        model.evaluate(testX, testY).get("loss"), model.evaluate(testX, testY).get("loss"));
  }

  @Test
  void learnsToHeldOutAccuracy() {
    SplittableRandom random = new SplittableRandom(42);
    float[][][] trainX = new float[512][8][1];
    float[][] trainY = new float[512][1];
    float[][][] testX = new float[256][8][1];
    float[][] testY = new float[256][1];
    fill(trainX, trainY, random);
    fill(testX, testY, random);

    SameSign model = RnncLearnsXorTest_SameSign.create(7);
    double before = model.evaluate(testX, testY).get("accuracy");
    History history =
        model.fit(trainX, trainY, new FitOptions().epochs(40).batchSize(32).seed(1).verbose(0));
    double after = model.evaluate(testX, testY).get("accuracy");

    assertTrue(
        after >= 0.9,
        "held-out accuracy "
            + after
            + " (before training "
            + before
            + "); training loss by epoch "
            + history.get("loss"));
    assertTrue(
        history.get("loss").getLast() < 0.5 * history.get("loss").getFirst(), "loss fell by half");
  }

  private static void fill(float[][][] x, float[][] y, SplittableRandom random) {
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < 8; t++) {
        x[i][t][0] = (float) random.nextDouble(-1, 1);
      }
      y[i][0] = (x[i][0][0] > 0) == (x[i][7][0] > 0) ? 1f : 0f;
    }
  }
}
