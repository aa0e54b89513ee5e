package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.Callback;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.Logs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@code FitOptions.threads} for the models whose step draws random numbers, carries states or runs
 * custom cells. With Dropout, each shard draws the values one thread would draw for its samples (it
 * skips the other shards' draws), so a split batch drops what one thread drops: the first batch's
 * loss (same weights, same masks) equals one thread's up to the forward pass's rounding, while
 * dropping at all moves it far more than that. Stateful layers' shards read and write their
 * samples' rows of the carried states; custom cells run on each shard's own cell objects. In every
 * case the same thread count trains the same bits, and 3 threads train one thread's weights up to
 * the order of the gradient sum (37 samples in batches of 16, or 48 in batches of 8 for the
 * stateful model: uneven shards).
 */
class ShardedRandomTrainingTest {
  private static final int SAMPLES = 37;
  private static final float[][][] X = new float[SAMPLES][6][3];
  private static final float[][] Y = new float[SAMPLES][1];

  static {
    SplittableRandom random = new SplittableRandom(21);
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          X[i][t][f] = (float) random.nextGaussian();
        }
      }
      Y[i][0] = X[i][5][0] - 0.5f * X[i][2][1];
    }
  }

  /** A fit's weights and each batch's logged loss. */
  private record Run(List<float[]> weights, List<Double> losses) {}

  private static FitOptions options(int threads) {
    return new FitOptions().epochs(3).batchSize(16).seed(7).verbose(0).threads(threads);
  }

  private static Run dropping(int threads) {
    var model = RnncShardedTrainingModels_DroppingAdamMse.create(3);
    List<Double> losses = new ArrayList<>();
    Callback record =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Logs logs) {
            losses.add(logs.get("loss"));
          }
        };
    model.fit(X, Y, options(threads).callbacks(record));
    return new Run(weights(model.layers()), losses);
  }

  @Test
  void dropoutTrainsTheSameBitsWithTheSameThreadCount() {
    for (int threads : new int[] {2, 3}) {
      assertWeightsEqual(dropping(threads), dropping(threads), "Dropout, " + threads + " threads");
    }
  }

  @Test
  void splitBatchesDropWhatOneThreadDrops() {
    Run one = dropping(1);
    Run three = dropping(3);
    assertEquals(one.losses().size(), three.losses().size());
    double first = one.losses().getFirst();
    // the first batch: the same weights, so only the masks could move the loss beyond rounding
    assertEquals(first, three.losses().getFirst(), 1e-6 * Math.abs(first), "the first batch");
    // while the masks do move it: the same batch without dropping
    var fresh = RnncShardedTrainingModels_DroppingAdamMse.create(3);
    double undropped =
        fresh.evaluate(java.util.Arrays.copyOf(X, 16), java.util.Arrays.copyOf(Y, 16)).get("loss");
    assertTrue(
        Math.abs(undropped - first) > 1e-3 * Math.abs(first),
        "dropping should change the first batch's loss: " + first + " vs " + undropped);
    for (int i = 0; i < one.losses().size(); i++) {
      double a = one.losses().get(i);
      assertEquals(a, three.losses().get(i), 1e-4 * Math.abs(a), "batch " + i + "'s loss");
    }
    assertCloseButSplit(one, three, "Dropout");
  }

  private static Run stateful(int threads) {
    var model = RnncStatefulTrainingModels_StatefulLstmGruAdamMse.create(3);
    float[][][] x = new float[48][][];
    float[][] y = new float[48][];
    for (int i = 0; i < 48; i++) {
      x[i] = X[i % SAMPLES];
      y[i] = Y[i % SAMPLES];
    }
    // batches of 8 streams: 3 threads take 2, 3 and 3 of them
    model.fit(x, y, options(threads).batchSize(8).shuffle(false));
    return new Run(weights(model.layers()), List.of());
  }

  @Test
  void statefulLayersSplitTheirCarriedStatesByPosition() {
    for (int threads : new int[] {2, 3}) {
      assertWeightsEqual(stateful(threads), stateful(threads), "stateful, " + threads + " threads");
    }
    assertCloseButSplit(stateful(1), stateful(3), "stateful");
  }

  private static Run custom(IntFunction<List<float[]>> fit, int threads) {
    return new Run(fit.apply(threads), List.of());
  }

  private static List<float[]> minimal(int threads) {
    var model = RnncCustomCellTrainingModels_MinimalAdamMse.create(3);
    model.fit(X, Y, options(threads));
    return weights(model.layers());
  }

  @Test
  void customCellsTrainOnEachShardsOwnCells() {
    for (int threads : new int[] {2, 3}) {
      assertWeightsEqual(
          custom(ShardedRandomTrainingTest::minimal, threads),
          custom(ShardedRandomTrainingTest::minimal, threads),
          "custom cell, " + threads + " threads");
    }
    assertCloseButSplit(
        custom(ShardedRandomTrainingTest::minimal, 1),
        custom(ShardedRandomTrainingTest::minimal, 3),
        "custom cell");
  }

  private static List<float[]> weights(List<Layer> layers) {
    List<float[]> all = new ArrayList<>();
    for (Layer layer : layers) {
      for (Variable variable : layer.variables()) {
        all.add(variable.get());
      }
    }
    return all;
  }

  private static void assertWeightsEqual(Run a, Run b, String what) {
    assertEquals(a.weights().size(), b.weights().size());
    for (int i = 0; i < a.weights().size(); i++) {
      assertArrayEquals(a.weights().get(i), b.weights().get(i), what + ": variable " + i);
    }
    assertEquals(a.losses(), b.losses(), what + ": the batches' losses");
  }

  /**
   * One thread's weights and 3 threads' agree within float rounding of a differently ordered sum,
   * yet differ in some bit (the batch was split).
   */
  private static void assertCloseButSplit(Run one, Run three, String what) {
    boolean differ = false;
    for (int i = 0; i < one.weights().size(); i++) {
      float[] a = one.weights().get(i);
      float[] b = three.weights().get(i);
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-4, what + ": variable " + i + ", value " + j);
        differ |= Float.floatToRawIntBits(a[j]) != Float.floatToRawIntBits(b[j]);
      }
    }
    assertTrue(differ, what + ": 3 threads trained exactly one thread's weights: was it split?");
  }
}
