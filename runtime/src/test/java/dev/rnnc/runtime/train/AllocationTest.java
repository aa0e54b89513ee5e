package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-batch paths allocate nothing once built: losses, metrics, optimizer steps, the loop's
 * batches.
 */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static long allocated(Runnable work) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * Warm up (JIT, lazy class init), then measure 10,000 calls. Any allocation per call costs at
   * least 16 bytes a call; a few hundred bytes in all is the JVM's own noise (a deoptimisation,
   * say), so callers assert fewer bytes than calls.
   */
  static long steadyState(Runnable call) {
    for (int i = 0; i < 20_000; i++) {
      call.run();
    }
    return allocated(
        () -> {
          for (int i = 0; i < 10_000; i++) {
            call.run();
          }
        });
  }

  static void assertNoneAllocated(long bytes, String what) {
    assertTrue(bytes < 10_000, what + ": " + bytes + " bytes over 10,000 calls");
  }

  @Test
  void lossesMetricsAndOptimizersAllocateNothingPerCall() {
    OutputLayout layout = new OutputLayout(3, 5, 8);
    int samples = 4;
    float[] pred = new float[samples * 3 * 8];
    float[] dense = new float[samples * 3 * 5];
    float[] labels = new float[samples * 3];
    int[] intLabels = new int[samples * 3];
    float[] grad = new float[pred.length];
    float[] weights = new float[samples * 3];
    boolean[] mask = new boolean[samples * 3];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = (i % 7) / 7f;
    }
    java.util.Arrays.fill(weights, 1f);
    java.util.Arrays.fill(mask, true);
    List<Loss> losses =
        List.of(
            new MeanSquaredError(),
            new MeanAbsoluteError(),
            new Huber(),
            new BinaryCrossentropy(),
            new CategoricalCrossentropy(),
            new CategoricalCrossentropy(true));
    for (Loss loss : losses) {
      assertNoneAllocated(
          steadyState(() -> loss.compute(layout, samples, dense, pred, weights, mask, grad)),
          loss.name());
    }
    var sparse = new SparseCategoricalCrossentropy(true);
    assertNoneAllocated(
        steadyState(() -> sparse.compute(layout, samples, labels, pred, null, mask, grad)),
        "sparse");
    assertNoneAllocated(
        steadyState(() -> sparse.compute(layout, samples, intLabels, pred, weights, null, grad)),
        "sparse int labels");
    MeanMetricWrapper accuracy = new CategoricalAccuracy();
    assertNoneAllocated(
        steadyState(() -> accuracy.update(layout, samples, dense, pred, null, mask)), "accuracy");
    var sparseAccuracy = new SparseCategoricalAccuracy();
    assertNoneAllocated(
        steadyState(() -> sparseAccuracy.update(layout, samples, intLabels, pred, weights, mask)),
        "sparse accuracy");

    float[][] params = {new float[300], new float[17]};
    float[][] grads = {new float[300], new float[17]};
    java.util.Arrays.fill(grads[0], 1e-3f);
    List<Optimizer> optimizers =
        List.of(
            SGD.builder().momentum(0.9).nesterov(true).build(),
            Adam.builder().amsgrad(true).clipnorm(1).build(),
            new AdamW(),
            RMSprop.builder().centered(true).momentum(0.5).globalClipnorm(1).build(),
            Adagrad.builder().clipvalue(0.5).learningRate(new CosineDecay(0.1, 1000)).build());
    for (Optimizer optimizer : optimizers) {
      assertNoneAllocated(steadyState(() -> optimizer.apply(params, grads)), optimizer.name());
    }
    try (ShardPool pool = ShardPool.forFit(new FitOptions().threads(2))) {
      for (Optimizer optimizer : optimizers) {
        assertNoneAllocated(
            steadyState(() -> optimizer.apply(params, grads, pool)),
            optimizer.name() + " on a pool");
      }
    }
  }

  @Test
  void theLoopAllocatesPerEpochNotPerBatch() {
    int samples = 2000;
    BatchStep step = (order, from, count, w, training) -> 0.5;
    FitLoop loop = new FitLoop(new SGD(), List.of(), null);
    TrainingData data = TrainingData.of(samples, step);
    for (int i = 0; i < 50; i++) {
      loop.fit(data, new FitOptions().verbose(0).batchSize(1).seed(1));
    }
    long oneBatch =
        allocated(() -> loop.fit(data, new FitOptions().verbose(0).batchSize(samples).seed(1)));
    long manyBatches =
        allocated(() -> loop.fit(data, new FitOptions().verbose(0).batchSize(1).seed(1)));
    // 2000 batches against 1: anything per batch would cost at least 16 bytes × 2000
    assertTrue(
        manyBatches - oneBatch < 2000,
        "one batch: " + oneBatch + " B, 2000 batches: " + manyBatches + " B");
  }
}
