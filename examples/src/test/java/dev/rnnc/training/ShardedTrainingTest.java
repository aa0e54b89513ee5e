package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code FitOptions.threads}: a batch split across threads trains the same weights, bit for bit,
 * every time it runs with the same seed and thread count (two fits in one JVM, the second with the
 * JIT warmer than the first), and weights within float rounding of one thread's. The data make the
 * split uneven (37 samples, batches of 16: 16, 16 and 5 samples over 3 threads) and masked, and one
 * model's output is a masked sequence, whose mask the loss reads from every shard.
 */
class ShardedTrainingTest {
  private static final int SAMPLES = 37;

  @Test
  void theSameThreadCountTrainsBitIdenticalWeights() {
    for (int threads : new int[] {2, 3}) {
      List<float[]> first = tokens(threads);
      List<float[]> second = tokens(threads);
      assertWeightsEqual(first, second, "Embedding + Bidirectional, " + threads + " threads");
      first = sequences(threads);
      second = sequences(threads);
      assertWeightsEqual(first, second, "masked sequence output, " + threads + " threads");
    }
  }

  /**
   * The first fit runs mostly in the interpreter (examples/pom.xml runs this class in a JVM of its
   * own, execution cold-jit, so that no other test has compiled the kernels before), the second
   * after a long one has had the JIT compile the kernels (C2 compiles the Vector API to vector
   * instructions and calls its own vector math where the interpreter computes lane by lane): the
   * weights must still be the same bits.
   */
  @Test
  void aColdAndAWarmFitTrainTheSameBits() {
    List<float[]> cold = wide(2, 3);
    wide(2, 400); // warm-up
    List<float[]> warm = wide(2, 3);
    assertWeightsEqual(cold, warm, "LSTM(72) + GRU(70), cold and warm JIT");
  }

  /**
   * As {@link #aColdAndAWarmFitTrainTheSameBits} for the layers and activations whose training
   * forward took the Vector API's {@code exp} or {@code tanh} before (its last bit differs once C2
   * compiles it): GRU {@code resetAfter = false}, a projected LSTM, a sigmoid SimpleRNN, a swish
   * LSTM, Dense tanh, GELU, ELU and SELU. Their training kernels now activate with {@code
   * activateRepeatably} (ELU, SELU, GELU and swish with a vector exp of IEEE operations alone).
   */
  @Test
  void otherActivationsTrainTheSameBitsColdAndWarm() {
    List<float[]> cold = otherActivations(2, 3);
    otherActivations(2, 300); // warm-up
    List<float[]> warm = otherActivations(2, 3);
    assertWeightsEqual(
        cold, warm, "GRU(resetAfter=false), projSize, sigmoid, swish, GELU, ELU, SELU");
  }

  private static List<float[]> otherActivations(int threads, int epochs) {
    var model = RnncTrainingModels_OtherActivationsAdamMse.create(3);
    SplittableRandom random = new SplittableRandom(14);
    float[][][] x = new float[SAMPLES][6][3];
    float[][] y = new float[SAMPLES][1];
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
      }
      y[i][0] = random.nextInt(2);
    }
    model.fit(x, y, options(threads).epochs(epochs));
    return weights(model.layers());
  }

  @Test
  void otherThreadCountsDifferOnlyByRounding() {
    List<float[]> one = sequences(1);
    List<float[]> three = sequences(3);
    boolean differ = false;
    for (int i = 0; i < one.size(); i++) {
      float[] a = one.get(i);
      float[] b = three.get(i);
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-4, "variable " + i + ", value " + j);
        differ |= Float.floatToRawIntBits(a[j]) != Float.floatToRawIntBits(b[j]);
      }
    }
    // a split batch sums the shards' gradients in another order than one thread: the bits show
    // that the three threads did split it
    assertTrue(differ, "3 threads trained exactly one thread's weights: was the batch split?");
  }

  @Test
  void theOptionRejectsZeroThreads() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new FitOptions().threads(0));
    assertTrue(e.getMessage().contains("threads"), e.getMessage());
  }

  private static FitOptions options(int threads) {
    return new FitOptions().epochs(3).batchSize(16).seed(7).verbose(0).threads(threads);
  }

  /** A masked Embedding + Bidirectional LSTM/GRU model fitted on seeded tokens. */
  private static List<float[]> tokens(int threads) {
    var model = RnncTrainingModels_BidirectionalMaskedSgdBce.create(3);
    SplittableRandom random = new SplittableRandom(11);
    int[][] x = new int[SAMPLES][6];
    float[][] y = new float[SAMPLES][1];
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = 0; t < 6; t++) {
        x[i][t] = t < i % 3 ? 0 : 1 + random.nextInt(11);
      }
      y[i][0] = i % 2;
    }
    History history = model.fit(x, y, options(threads));
    assertFalse(history.history().isEmpty());
    return weights(model.layers());
  }

  /** Masking → SimpleRNN → LSTM → Dense over every timestep, fitted on seeded sequences. */
  private static List<float[]> sequences(int threads) {
    var model = RnncTrainingModels_MaskingSequenceAdamMse.create(3);
    SplittableRandom random = new SplittableRandom(12);
    float[][][] x = new float[SAMPLES][6][3];
    float[][][] y = new float[SAMPLES][6][2];
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = i % 4; t < 6; t++) { // the first i % 4 timesteps stay 0: masked
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
        y[i][t][0] = (float) random.nextGaussian();
        y[i][t][1] = (float) random.nextGaussian();
      }
    }
    model.fit(x, y, options(threads));
    return weights(model.layers());
  }

  /** LSTM(72) → GRU(70) → Dense(1): wide enough for the vector kernels. */
  private static List<float[]> wide(int threads, int epochs) {
    var model = RnncTrainingModels_WideLstmGruAdamMse.create(3);
    SplittableRandom random = new SplittableRandom(13);
    float[][][] x = new float[SAMPLES][6][3];
    float[][] y = new float[SAMPLES][1];
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
      }
      y[i][0] = (float) random.nextGaussian();
    }
    model.fit(x, y, options(threads).epochs(epochs));
    return weights(model.layers());
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

  private static void assertWeightsEqual(List<float[]> a, List<float[]> b, String what) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), what + ": variable " + i); // exact: no tolerance
    }
  }
}
