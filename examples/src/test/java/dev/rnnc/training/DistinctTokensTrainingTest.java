package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.FitOptions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Projecting each distinct token of a batch once ({@code DistinctTokens}) trains the weights that
 * projecting every position trains, for every cell kind: each pair of {@link
 * DistinctTokensTrainingModels} starts from the same weights and fits the same batches (tokens from
 * a vocabulary of 9, so each repeats many times a batch, on one thread and split over two and
 * three), and their weights agree to float rounding after three epochs. The products sum the
 * positions' gradients in another order, so the bits may differ; the test first checks that the two
 * models do take the two paths.
 */
class DistinctTokensTrainingTest {
  private static final int SAMPLES = 24;
  private static final int TIMESTEPS = 7;
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void simpleRnn(int threads) {
    var tokens = RnncDistinctTokensTrainingModels_SimpleRnnTokens.create(5);
    var positions = RnncDistinctTokensTrainingModels_SimpleRnnPositions.create(6);
    assertSameTraining(
        tokens,
        tokens.layers(),
        positions,
        positions.layers(),
        () -> tokens.fit(ids(false), labels(), options(threads)),
        () -> positions.fit(ids(false), labels(), options(threads)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void gruResetBefore(int threads) {
    var tokens = RnncDistinctTokensTrainingModels_GruResetBeforeTokens.create(5);
    var positions = RnncDistinctTokensTrainingModels_GruResetBeforePositions.create(6);
    assertSameTraining(
        tokens,
        tokens.layers(),
        positions,
        positions.layers(),
        () -> tokens.fit(ids(false), labels(), options(threads)),
        () -> positions.fit(ids(false), labels(), options(threads)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void maskedBackwardsGru(int threads) {
    var tokens = RnncDistinctTokensTrainingModels_MaskedBackwardsGruTokens.create(5);
    var positions = RnncDistinctTokensTrainingModels_MaskedBackwardsGruPositions.create(6);
    assertSameTraining(
        tokens,
        tokens.layers(),
        positions,
        positions.layers(),
        () -> tokens.fit(ids(true), labels(), options(threads)),
        () -> positions.fit(ids(true), labels(), options(threads)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void projectedLstmSequence(int threads) {
    var tokens = RnncDistinctTokensTrainingModels_ProjectedLstmTokens.create(5);
    var positions = RnncDistinctTokensTrainingModels_ProjectedLstmPositions.create(6);
    assertSameTraining(
        tokens,
        tokens.layers(),
        positions,
        positions.layers(),
        () -> tokens.fit(ids(false), sequenceTargets(), options(threads)),
        () -> positions.fit(ids(false), sequenceTargets(), options(threads)));
  }

  /**
   * A step split across threads indexes the whole batch's tokens once and adds the shards'
   * per-token sums up in shard order: the same thread count trains the same bits, here over three
   * threads, which split a batch of 8 unevenly (3, 3 and 2 sequences).
   */
  @Test
  void theSameThreadCountTrainsTheSameBits() {
    var first = RnncDistinctTokensTrainingModels_GruResetBeforeTokens.create(5);
    var second = RnncDistinctTokensTrainingModels_GruResetBeforeTokens.create(5);
    first.fit(ids(false), labels(), options(3));
    second.fit(ids(false), labels(), options(3));

    for (int l = 0; l < first.layers().size(); l++) {
      List<Variable> a = first.layers().get(l).variables();
      List<Variable> b = second.layers().get(l).variables();
      for (int v = 0; v < a.size(); v++) {
        assertArrayEquals(a.get(v).get(), b.get(v).get(), "layer " + l + ", variable " + v);
      }
    }
  }

  /**
   * Gives {@code positions} the weights of {@code tokens} (different seeds drew different ones),
   * fits both, and compares every variable by layer name.
   */
  private static void assertSameTraining(
      Object tokens,
      List<Layer> tokenLayers,
      Object positions,
      List<Layer> positionLayers,
      Runnable fitTokens,
      Runnable fitPositions) {
    assertTrue(projectsDistinctTokens(tokens), "the direct model takes the distinct-token path");
    assertFalse(projectsDistinctTokens(positions), "the Dropout(0) model projects every position");
    Map<String, Layer> byName = new HashMap<>();
    positionLayers.forEach(layer -> byName.put(layer.name(), layer));
    boolean started = false;
    for (Layer layer : tokenLayers) {
      List<Variable> from = layer.variables();
      List<Variable> to = byName.get(layer.name()).variables();
      for (int v = 0; v < from.size(); v++) {
        started |= !Arrays.equals(from.get(v).get(), to.get(v).get());
        to.get(v).set(from.get(v).get());
      }
    }
    assertTrue(started, "the two seeds drew the same weights: the copy would prove nothing");

    fitTokens.run();
    fitPositions.run();

    for (Layer layer : tokenLayers) {
      List<Variable> trained = layer.variables();
      List<Variable> reference = byName.get(layer.name()).variables();
      for (int v = 0; v < trained.size(); v++) {
        float[] a = trained.get(v).get();
        float[] b = reference.get(v).get();
        for (int i = 0; i < a.length; i++) {
          assertEquals(b[i], a[i], TOLERANCE, layer.name() + " variable " + v + ", value " + i);
        }
      }
    }
  }

  private static boolean projectsDistinctTokens(Object model) {
    return Arrays.stream(model.getClass().getDeclaredFields())
        .anyMatch(f -> f.getType().getSimpleName().equals("DistinctTokens"));
  }

  private static FitOptions options(int threads) {
    return new FitOptions()
        .epochs(3)
        .batchSize(8)
        .shuffle(false)
        .seed(7)
        .verbose(0)
        .threads(threads);
  }

  /** Tokens 1..8 (and, when {@code padded}, leading zeros: padding under {@code maskZero}). */
  private static int[][] ids(boolean padded) {
    SplittableRandom random = new SplittableRandom(21);
    int[][] x = new int[SAMPLES][TIMESTEPS];
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = 0; t < TIMESTEPS; t++) {
        x[i][t] = padded && t < i % 3 ? 0 : (padded ? 1 + random.nextInt(8) : random.nextInt(9));
      }
    }
    return x;
  }

  private static float[][] labels() {
    float[][] y = new float[SAMPLES][1];
    for (int i = 0; i < SAMPLES; i++) {
      y[i][0] = i % 2;
    }
    return y;
  }

  private static float[][][] sequenceTargets() {
    SplittableRandom random = new SplittableRandom(22);
    float[][][] y = new float[SAMPLES][TIMESTEPS][1];
    for (float[][] sample : y) {
      for (float[] row : sample) {
        row[0] = (float) random.nextGaussian();
      }
    }
    return y;
  }
}
