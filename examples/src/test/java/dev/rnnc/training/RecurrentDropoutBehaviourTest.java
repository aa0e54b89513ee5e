package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.FitOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code dropout} and {@code recurrentDropout} act in training only: a model declaring them
 * predicts and evaluates exactly as the same model without them; its fit draws from the model's
 * seeded training random (the same seed trains the same weights, another seed others), and the
 * dropout changes what training does.
 */
class RecurrentDropoutBehaviourTest {
  private static final float[][][] X = new float[40][6][3];
  private static final float[][] Y = new float[40][1];

  static {
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < X.length; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          X[i][t][f] = (float) random.nextGaussian();
        }
      }
      Y[i][0] = X[i][5][0] - 0.5f * X[i][2][1];
    }
  }

  private static void copyWeights(RnncModel from, RnncModel to) {
    for (Layer layer : from.layers()) {
      Layer target = to.layer(layer.name());
      layer.variables().forEach(v -> target.variable(v.name()).set(v.get()));
    }
  }

  private static List<float[]> weights(RnncModel model) {
    return model.layers().stream().flatMap(l -> l.variables().stream()).map(v -> v.get()).toList();
  }

  @Test
  void predictAndEvaluateIgnoreTheDropouts() {
    var dropping = RnncDropoutTrainingModels_LstmBothAdamMse.create(5);
    var plain = RnncTrainingModels_LstmAdamMse.create(0);
    copyWeights(RnncModel.of(dropping), RnncModel.of(plain));
    for (float[][] sample : X) {
      assertArrayEquals(plain.predict(sample), dropping.predict(sample));
    }
    assertEquals(plain.evaluate(X, Y).get("loss"), dropping.evaluate(X, Y).get("loss"));
    assertEquals(plain.evaluate(X, Y).get("mae"), dropping.evaluate(X, Y).get("mae"));
    // and evaluating draws nothing: twice the same
    assertEquals(dropping.evaluate(X, Y).get("loss"), dropping.evaluate(X, Y).get("loss"));
  }

  @Test
  void theSameSeedTrainsTheSameWeightsAndTheDropoutsAct() {
    FitOptions options = new FitOptions().epochs(2).batchSize(8).seed(3).verbose(0);
    var a = RnncDropoutTrainingModels_LstmBothAdamMse.create(5);
    var b = RnncDropoutTrainingModels_LstmBothAdamMse.create(5);
    var otherSeed = RnncDropoutTrainingModels_LstmBothAdamMse.create(5);
    var plain = RnncTrainingModels_LstmAdamMse.create(0);
    copyWeights(RnncModel.of(a), RnncModel.of(plain));
    var historyA = a.fit(X, Y, options);
    var historyB = b.fit(X, Y, options);
    otherSeed.fit(X, Y, new FitOptions().epochs(2).batchSize(8).seed(4).verbose(0));
    var historyPlain = plain.fit(X, Y, options);
    assertEquals(historyA.get("loss"), historyB.get("loss"));
    List<float[]> wa = weights(RnncModel.of(a));
    List<float[]> wb = weights(RnncModel.of(b));
    for (int i = 0; i < wa.size(); i++) {
      assertArrayEquals(wa.get(i), wb.get(i), "the same seed, variable " + i);
    }
    assertFalse(
        java.util.Arrays.equals(
            weights(RnncModel.of(otherSeed)).get(1), wa.get(1)), // the recurrent kernel
        "another seed draws other masks");
    assertFalse(
        historyA.get("loss").equals(historyPlain.get("loss")),
        "training with dropout is not training without");
  }
}
