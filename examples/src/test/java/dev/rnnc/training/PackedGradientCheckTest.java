package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backward pass of {@code fit(x, @Packed int[] lengths, y, options)} (PyTorch's packed
 * sequences: zeros past each length, the last output the last real step's) against central
 * differences of {@code evaluate} ({@link SgdStepCheck}): a bidirectional GRU read at every
 * timestep and an LSTM stack read at its last real step, on lengths from 0 to all timesteps.
 */
class PackedGradientCheckTest {

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error")
  interface PackedTagger {
    @Bidirectional
    @GRU(units = 3, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer tags();

    History fit(float[][][] x, @Packed int[] lengths, float[][][] y, FitOptions options);

    Logs evaluate(float[][][] x, @Packed int[] lengths, float[][][] y);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error")
  interface PackedClassifier {
    @LSTM(units = 3, numLayers = 2)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, @Packed int[] lengths, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, @Packed int[] lengths, float[][] y);
  }

  private static final int[] LENGTHS = {5, 2, 0, 4, 1, 3};

  @Test
  void everyTimestepOfABidirectionalGru() {
    Random random = new Random(61);
    float[][][] x = gaussian(random, LENGTHS.length, 5, 3);
    float[][][] y = gaussian(random, LENGTHS.length, 5, 2);
    var model = RnncPackedGradientCheckTest_PackedTagger.create(3);
    SgdStepCheck.randomize(model, 13, 0.5);
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () -> model.fit(x, LENGTHS, y, options()),
            () -> model.evaluate(x, LENGTHS, y).get("loss"),
            97);
    assertTrue(checked.checked() > 40, "values checked: " + checked);
  }

  @Test
  void lastRealStepOfAnLstmStack() {
    Random random = new Random(67);
    float[][][] x = gaussian(random, LENGTHS.length, 5, 3);
    float[][] y = gaussian(random, 1, LENGTHS.length, 2)[0];
    var model = RnncPackedGradientCheckTest_PackedClassifier.create(3);
    SgdStepCheck.randomize(model, 17, 0.5);
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () -> model.fit(x, LENGTHS, y, options()),
            () -> model.evaluate(x, LENGTHS, y).get("loss"),
            97);
    assertTrue(checked.checked() > 40, "values checked: " + checked);
  }

  private static FitOptions options() {
    return new FitOptions().batchSize(LENGTHS.length).shuffle(false).verbose(0);
  }

  private static float[][][] gaussian(Random random, int a, int b, int c) {
    float[][][] values = new float[a][b][c];
    for (float[][] plane : values) {
      for (float[] row : plane) {
        for (int i = 0; i < c; i++) {
          row[i] = (float) random.nextGaussian();
        }
      }
    }
    return values;
  }
}
