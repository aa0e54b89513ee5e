package dev.rnnc.training;

import static dev.rnnc.testing.Allocations.assertAllocatesNothing;

import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.ShardPool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A generated training step (forward, loss, BPTT, optimizer update) allocates nothing once its
 * buffers exist, for a chain and for a graph. The step is the generated class's private {@code
 * trainStep}, reached through a method handle here (exact types: no boxing) because the public
 * {@code fit} also runs the loop around it (epochs, logs, history).
 */
class TrainingAllocationTest {

  @Test
  void aTrainingStepAllocatesNothingOnceWarm() throws Exception {
    assertBidirectionalStepAllocatesNothing(32, 9, 8, 16, 20_000, 3_000_000_000L, 500);
  }

  /**
   * A large batch, so that loops over the whole batch (the Dense head's sigmoid) run once a step:
   * such a loop is promoted to C2 by its calls, and until then its Vector API code runs interpreted
   * or as C1 code, which boxes every vector (M2 at batch 128 allocated 74 KB a step after 450 steps
   * before {@code VectorMath.apply} ran in chunks). Alone, this model still allocated about 74 KB a
   * step for 340-620 steps, until C2 compiled the head's sigmoid (later than in a quiet JVM:
   * HotSpot raises its thresholds with its compile queue's length); after 1,000 (a margin for a
   * loaded machine's slower JIT) it must allocate nothing.
   */
  @Test
  void aLargeBatchStepAllocatesNothingOnceWarm() throws Exception {
    assertBidirectionalStepAllocatesNothing(128, 10, 0, 128, 1_000, 0L, 20);
  }

  /**
   * The masked Embedding + Bidirectional LSTM/GRU + Dense model's step over samples {@code from ..
   * from + count - 1} of {@code samples} seeded token rows (some padding, so the masks work too)
   * allocates nothing once warm ({@code Allocations.assertAllocatesNothing}'s last three
   * arguments).
   */
  private static void assertBidirectionalStepAllocatesNothing(
      int samples,
      long seed,
      int from,
      int count,
      int minWarmUpCalls,
      long minWarmUpNanos,
      int callsPerRound)
      throws ReflectiveOperationException {
    RnncTrainingModels_BidirectionalMaskedSgdBce model =
        RnncTrainingModels_BidirectionalMaskedSgdBce.create(3);
    SplittableRandom random = new SplittableRandom(seed);
    int[][] x = new int[samples][6];
    float[][] y = new float[samples][1];
    int[] order = new int[samples];
    for (int i = 0; i < samples; i++) {
      for (int t = 0; t < 6; t++) {
        x[i][t] = t < i % 3 ? 0 : 1 + random.nextInt(11);
      }
      y[i][0] = i % 2;
      order[i] = i;
    }
    MethodHandle step =
        trainStep(
            RnncTrainingModels_BidirectionalMaskedSgdBce.class, int[][].class, float[][].class);
    assertAllocatesNothing(
        () -> {
          try {
            double loss =
                (double) step.invokeExact(model, x, y, order, from, count, (float[]) null, true);
          } catch (Throwable e) {
            throw new AssertionError(e);
          }
        },
        "a training step of a masked Embedding + Bidirectional LSTM/GRU + Dense model, batch "
            + count,
        minWarmUpCalls,
        minWarmUpNanos,
        callsPerRound);
  }

  /**
   * The step split across 2 threads ({@code FitOptions.threads}): the calling thread's part (the
   * shards' hand-off, the gathered outputs, the loss, the gradients' sum) allocates nothing. The
   * workers' allocations are not counted by this check.
   */
  @Test
  void aStepSplitAcrossThreadsAllocatesNothingOnTheCallerOnceWarm() throws Throwable {
    var model = RnncTrainingModels_BidirectionalMaskedSgdBce.create(3);
    SplittableRandom random = new SplittableRandom(9);
    int[][] x = new int[32][6];
    float[][] y = new float[32][1];
    int[] order = new int[32];
    for (int i = 0; i < 32; i++) {
      for (int t = 0; t < 6; t++) {
        x[i][t] = t < i % 3 ? 0 : 1 + random.nextInt(11);
      }
      y[i][0] = i % 2;
      order[i] = i;
    }
    MethodHandles.Lookup lookup =
        MethodHandles.privateLookupIn(
            RnncTrainingModels_BidirectionalMaskedSgdBce.class, MethodHandles.lookup());
    MethodHandle step =
        trainStep(
            RnncTrainingModels_BidirectionalMaskedSgdBce.class, int[][].class, float[][].class);
    try (ShardPool pool = ShardPool.forFit(new FitOptions().threads(2))) {
      lookup
          .findVarHandle(
              RnncTrainingModels_BidirectionalMaskedSgdBce.class, "trainPool", ShardPool.class)
          .set(model, pool);
      assertAllocatesNothing(
          () -> {
            try {
              double loss =
                  (double) step.invokeExact(model, x, y, order, 8, 16, (float[]) null, true);
            } catch (Throwable e) {
              throw new AssertionError(e);
            }
          },
          "a training step split across 2 threads, batch 16",
          20_000,
          3_000_000_000L,
          500);
    }
  }

  /**
   * A split step that draws (Dropout, GRU dropout and recurrent dropout): placing the shards, and
   * their skips over each other's draws, allocate nothing on the caller.
   */
  @Test
  void aSplitStepWithDropoutAllocatesNothingOnTheCallerOnceWarm() throws Throwable {
    var model = RnncShardedTrainingModels_DroppingAdamMse.create(3);
    SplittableRandom random = new SplittableRandom(11);
    float[][][] x = new float[32][6][3];
    float[][] y = new float[32][1];
    int[] order = new int[32];
    for (int i = 0; i < 32; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
      }
      y[i][0] = (float) random.nextGaussian();
      order[i] = i;
    }
    MethodHandles.Lookup lookup =
        MethodHandles.privateLookupIn(
            RnncShardedTrainingModels_DroppingAdamMse.class, MethodHandles.lookup());
    MethodHandle step =
        trainStep(
            RnncShardedTrainingModels_DroppingAdamMse.class, float[][][].class, float[][].class);
    try (ShardPool pool = ShardPool.forFit(new FitOptions().threads(2))) {
      lookup
          .findVarHandle(
              RnncShardedTrainingModels_DroppingAdamMse.class, "trainPool", ShardPool.class)
          .set(model, pool);
      assertAllocatesNothing(
          () -> {
            try {
              double loss =
                  (double) step.invokeExact(model, x, y, order, 8, 16, (float[]) null, true);
            } catch (Throwable e) {
              throw new AssertionError(e);
            }
          },
          "a training step with dropout split across 2 threads, batch 16",
          20_000,
          3_000_000_000L,
          500);
    }
  }

  @Test
  void aTrainingStepWithRecurrentDropoutAllocatesNothingOnceWarm() throws Exception {
    var model = RnncDropoutTrainingModels_MaskedBidirectionalCellsSgdBce.create(3);
    SplittableRandom random = new SplittableRandom(10);
    int[][] x = new int[32][6];
    float[][] y = new float[32][1];
    int[] order = new int[32];
    for (int i = 0; i < 32; i++) {
      for (int t = 0; t < 6; t++) {
        x[i][t] = t < i % 3 ? 0 : 1 + random.nextInt(11);
      }
      y[i][0] = i % 2;
      order[i] = i;
    }
    MethodHandle step =
        trainStep(
            RnncDropoutTrainingModels_MaskedBidirectionalCellsSgdBce.class,
            int[][].class,
            float[][].class);
    assertAllocatesNothing(
        () -> {
          try {
            double loss =
                (double) step.invokeExact(model, x, y, order, 8, 16, (float[]) null, true);
          } catch (Throwable e) {
            throw new AssertionError(e);
          }
        },
        "a training step of a masked Embedding + Bidirectional LSTM and stacked GRU/SimpleRNN cells"
            + " with dropout and recurrent dropout, batch 16",
        20_000,
        3_000_000_000L,
        500);
  }

  @Test
  void aGraphTrainingStepAllocatesNothingOnceWarm() throws Exception {
    RnncGraphTrainingModels_MaskedSeq2SeqSgdSparse model =
        RnncGraphTrainingModels_MaskedSeq2SeqSgdSparse.create(3);
    SplittableRandom random = new SplittableRandom(11);
    int[][] encoderTokens = new int[32][7];
    int[][] decoderTokens = new int[32][6];
    int[][] y = new int[32][6];
    for (int i = 0; i < 32; i++) {
      for (int t = 0; t < 7; t++) {
        encoderTokens[i][t] = t < i % 3 ? 0 : 1 + random.nextInt(59); // padding first
      }
      for (int t = 0; t < 6; t++) {
        decoderTokens[i][t] = t >= 6 - i % 2 ? 0 : 1 + random.nextInt(49); // padding last
        y[i][t] = random.nextInt(5);
      }
    }
    int[] order = new int[32];
    for (int i = 0; i < 32; i++) {
      order[i] = i;
    }
    MethodHandle step =
        trainStep(
            RnncGraphTrainingModels_MaskedSeq2SeqSgdSparse.class,
            int[][].class,
            int[][].class,
            int[][].class);
    assertAllocatesNothing(
        () -> {
          try {
            double loss =
                (double)
                    step.invokeExact(
                        model, encoderTokens, decoderTokens, y, order, 8, 16, (float[]) null, true);
          } catch (Throwable e) {
            throw new AssertionError(e);
          }
        },
        "a training step of the masked seq2seq graph (two token inputs, @InitialState), batch 16",
        20_000,
        3_000_000_000L,
        500);
  }

  /** The same through a custom cell's step and backward step (MinimalRnnCell), stacked, masked. */
  @Test
  void aCustomCellTrainingStepAllocatesNothingOnceWarm() throws Exception {
    RnncCustomCellTrainingModels_StackedGruMinimalMaskedSgdBce model =
        RnncCustomCellTrainingModels_StackedGruMinimalMaskedSgdBce.create(3);
    SplittableRandom random = new SplittableRandom(9);
    int[][] x = new int[32][6];
    float[][] y = new float[32][1];
    for (int i = 0; i < 32; i++) {
      for (int t = 0; t < 6; t++) {
        x[i][t] = t < i % 3 ? 0 : 1 + random.nextInt(11);
      }
      y[i][0] = i % 2;
    }
    int[] order = new int[32];
    for (int i = 0; i < 32; i++) {
      order[i] = i;
    }
    MethodHandle step =
        trainStep(
            RnncCustomCellTrainingModels_StackedGruMinimalMaskedSgdBce.class,
            int[][].class,
            float[][].class);
    assertAllocatesNothing(
        () -> {
          try {
            double loss =
                (double) step.invokeExact(model, x, y, order, 8, 16, (float[]) null, true);
          } catch (Throwable e) {
            throw new AssertionError(e);
          }
        },
        "a training step of a masked Embedding + RNN([GRUCell, MinimalRnnCell]) + Dense model, batch 16",
        20_000,
        3_000_000_000L,
        500);
  }

  /**
   * The generated {@code trainStep} of {@code model}: its inputs' batches and target, then {@code
   * order, from, count, weights, training}; a handle of exact types for {@code invokeExact}.
   */
  private static MethodHandle trainStep(Class<?> model, Class<?>... inputsAndTarget)
      throws ReflectiveOperationException {
    List<Class<?>> parameters = new ArrayList<>(List.of(inputsAndTarget));
    parameters.addAll(List.of(int[].class, int.class, int.class, float[].class, boolean.class));
    return MethodHandles.privateLookupIn(model, MethodHandles.lookup())
        .findVirtual(model, "trainStep", MethodType.methodType(double.class, parameters));
  }
}
