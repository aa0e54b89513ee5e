package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The serial part of a sharded training step split across a {@link ShardPool} by index ranges: an
 * optimizer step given a pool updates the same bits as one without, for every optimizer and
 * clipping mode, and the shards' gradients summed part by part are the same bits as {@link
 * ShardedStep#addGradients(float[][], float[][])} shard after shard. The lengths split unevenly
 * over 2 and 3 threads, and one is shorter than the thread count (some parts empty).
 */
class ParallelStepTest {
  private static final int[] LENGTHS = {1, 2, 7, 64, 1001};
  private static final ShardPool TWO = ShardPool.forFit(new FitOptions().threads(2));
  private static final ShardPool THREE = ShardPool.forFit(new FitOptions().threads(3));

  @AfterAll
  static void close() {
    TWO.close();
    THREE.close();
  }

  static Stream<Arguments> optimizers() {
    Map<String, Supplier<Optimizer>> all = new LinkedHashMap<>();
    all.put("SGD", SGD::new);
    all.put("SGD momentum", () -> SGD.builder().momentum(0.9).build());
    all.put(
        "SGD nesterov, weight decay",
        () -> SGD.builder().momentum(0.9).nesterov(true).weightDecay(0.01).build());
    all.put("Adam", Adam::new);
    all.put("Adam amsgrad, clipnorm", () -> Adam.builder().amsgrad(true).clipnorm(0.5).build());
    all.put("AdamW", AdamW::new);
    all.put(
        "AdamW amsgrad, one parameter not decayed",
        () -> AdamW.builder().amsgrad(true).excludeFromWeightDecay("v1").build());
    all.put(
        "Adam globalClipnorm, schedule",
        () -> Adam.builder().globalClipnorm(1).learningRate(new CosineDecay(0.01, 4)).build());
    all.put("RMSprop", RMSprop::new);
    all.put(
        "RMSprop centered, momentum, clipvalue",
        () -> RMSprop.builder().momentum(0.5).centered(true).clipvalue(0.05).build());
    all.put(
        "RMSprop centered, weight decay, clipnorm",
        () -> RMSprop.builder().centered(true).weightDecay(0.1).clipnorm(0.2).build());
    all.put("Adagrad", Adagrad::new);
    all.put(
        "Adagrad globalClipnorm, weight decay",
        () -> Adagrad.builder().globalClipnorm(0.3).weightDecay(0.05).build());
    return all.entrySet().stream()
        .flatMap(
            e ->
                Stream.of(
                    Arguments.of(e.getKey(), e.getValue(), 2),
                    Arguments.of(e.getKey(), e.getValue(), 3)));
  }

  @ParameterizedTest(name = "{0} on {2} threads")
  @MethodSource("optimizers")
  void aPooledStepUpdatesTheSameBitsAsOneThread(
      String name, Supplier<Optimizer> make, int threads) {
    ShardPool pool = pool(threads);
    Random random = new Random(13);
    float[][] serial = values(random, 1f);
    float[][] pooled = copy(serial);
    Optimizer one = make.get();
    Optimizer split = make.get();
    String[] names = OptimizersTest.names(LENGTHS.length);
    one.build(names, serial);
    split.build(names, pooled);
    boolean moved = false;
    for (int step = 0; step < 5; step++) {
      float[][] gradients = values(random, 0.5f);
      float[][] before = copy(serial);
      one.apply(serial, gradients);
      split.apply(pooled, copy(gradients), pool);
      moved |= !Arrays.deepEquals(before, serial);
      for (int i = 0; i < serial.length; i++) {
        assertArrayEquals(serial[i], pooled[i], name + " step " + step + " parameter " + i);
      }
    }
    assertTrue(moved, name + ": the serial steps changed nothing");
    assertEquals(one.iterations(), split.iterations(), "iterations step once per apply");
    assertEquals(one.learningRate(), split.learningRate(), "the schedule steps once per apply");
    OptimizerState a = one.state();
    OptimizerState b = split.state();
    assertEquals(a.slots().keySet(), b.slots().keySet());
    a.slots().forEach((slot, v) -> assertArrayEquals(v, b.slot(slot), name + " slot " + slot));
  }

  @ParameterizedTest(name = "3 shards on {0} threads")
  @ValueSource(ints = {2, 3})
  void theShardsGradientsSummedInPartsAreTheSameBitsAsShardAfterShard(int threads) {
    ShardPool pool = pool(threads);
    Random random = new Random(7);
    float[][] model = values(random, 1f);
    float[][][] shards = {values(random, 1e3f), values(random, 1e-3f), values(random, 1f)};
    float[][] serial = copy(model);
    for (float[][] shard : shards) {
      ShardedStep.addGradients(serial, shard);
    }
    float[][] pooled = copy(model);
    int parts = pool.threads();
    pool.run(parts, part -> ShardedStep.addGradients(pooled, shards, shards.length, part, parts));
    for (int k = 0; k < serial.length; k++) {
      assertArrayEquals(serial[k], pooled[k], "gradient " + k);
    }
    // the data tells shard orders apart: the check above sees the shards added out of order
    float[][] reversed = copy(model);
    for (int s = shards.length - 1; s >= 0; s--) {
      ShardedStep.addGradients(reversed, shards[s]);
    }
    assertFalse(Arrays.deepEquals(serial, reversed), "the sum does not depend on shard order");
  }

  private static ShardPool pool(int threads) {
    return threads == 2 ? TWO : THREE;
  }

  /** One array per length, values of varied exponents around {@code scale}. */
  private static float[][] values(Random random, float scale) {
    float[][] values = new float[LENGTHS.length][];
    for (int i = 0; i < LENGTHS.length; i++) {
      values[i] = new float[LENGTHS[i]];
      for (int j = 0; j < values[i].length; j++) {
        values[i][j] = (float) (random.nextGaussian() * scale * Math.exp(random.nextGaussian()));
      }
    }
    return values;
  }

  private static float[][] copy(float[][] arrays) {
    float[][] copy = new float[arrays.length][];
    for (int i = 0; i < arrays.length; i++) {
      copy[i] = arrays[i].clone();
    }
    return copy;
  }
}
