package dev.rnnc.threads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.nn.WorkspacePool;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * One generated instance called from many threads at once (platform and virtual): every result must
 * equal, bit for bit, what a single thread gets for the same input. Counts, not timings. The inputs
 * differ from call to call and their results differ from each other, so a call that computed in
 * another call's arrays would return a wrong result and fail.
 */
class SharedInstanceTest {
  private static final int PLATFORM_THREADS = 8;
  private static final int VIRTUAL_THREADS = 2_000;

  @Test
  void chainCallsFromManyThreadsEqualSingleThreadResults() throws Exception {
    RnncSharedModels_Chain shared = RnncSharedModels_Chain.create(1);
    float[][][] windows = FixtureArrays.randomBatch(64, 20, 3, 2);
    float[][] expected = distinct(singleThread(windows.length, i -> shared.predict(windows[i])));
    // a separate instance with the same seed agrees: the single-thread results are the model's
    RnncSharedModels_Chain separate = RnncSharedModels_Chain.create(1);
    for (int i = 0; i < windows.length; i++) {
      assertArrayEquals(expected[i], separate.predict(windows[i]));
    }

    hammer(
        PLATFORM_THREADS, false, 3_000, windows.length, i -> shared.predict(windows[i]), expected);
    hammer(
        PLATFORM_THREADS,
        false,
        3_000,
        windows.length,
        i -> {
          float[] out = new float[4];
          shared.predictInto(windows[i], out);
          return out;
        },
        expected);
    // lockstep batches: 9 windows (a full chunk and one more) starting at window i
    float[][][][] batchInputs = new float[windows.length][9][][];
    float[][][] batchesExpected = new float[windows.length][9][];
    for (int i = 0; i < windows.length; i++) {
      for (int b = 0; b < 9; b++) {
        batchInputs[i][b] = windows[(i + b) % windows.length];
        batchesExpected[i][b] = expected[(i + b) % windows.length];
      }
    }
    hammer(
        PLATFORM_THREADS,
        false,
        400,
        windows.length,
        i -> shared.predict(batchInputs[i]),
        batchesExpected);
    hammer(VIRTUAL_THREADS, true, 20, windows.length, i -> shared.predict(windows[i]), expected);
    assertPoolBounded(shared, 2 * Runtime.getRuntime().availableProcessors() + PLATFORM_THREADS);
  }

  @Test
  void variableTimestepsFromManyThreadsEqualSingleThreadResults() throws Exception {
    RnncSharedModels_Tagger shared = RnncSharedModels_Tagger.create(3);
    SplittableRandom random = new SplittableRandom(4);
    float[][][] sequences = new float[48][][];
    for (int i = 0; i < sequences.length; i++) {
      // lengths 1 to 40, in no order, so workspaces grow at different calls
      sequences[i] = FixtureArrays.randomBatch(1, 1 + random.nextInt(40), 3, i)[0];
    }
    float[][][] expected = distinct(singleThread(sequences.length, i -> shared.tag(sequences[i])));
    hammer(
        PLATFORM_THREADS, false, 2_000, sequences.length, i -> shared.tag(sequences[i]), expected);
    hammer(VIRTUAL_THREADS, true, 10, sequences.length, i -> shared.tag(sequences[i]), expected);
    float[][][][] pairs = new float[sequences.length][][][];
    float[][][][] pairsExpected = new float[sequences.length][][][];
    for (int i = 0; i < sequences.length; i++) {
      int j = (i + 1) % sequences.length;
      pairs[i] = new float[][][] {sequences[i], sequences[j]};
      pairsExpected[i] = new float[][][] {expected[i], expected[j]};
    }
    hammer(
        PLATFORM_THREADS, false, 1_000, sequences.length, i -> shared.tag(pairs[i]), pairsExpected);
  }

  @Test
  void graphOfTwoTokenInputsFromManyThreadsEqualsSingleThreadResults() throws Exception {
    RnncSharedModels_Translator shared = RnncSharedModels_Translator.create(5);
    SplittableRandom random = new SplittableRandom(6);
    int[][] encoder = new int[40][];
    int[][] decoder = new int[40][];
    for (int i = 0; i < encoder.length; i++) {
      encoder[i] = random.ints(1 + random.nextInt(15), 0, 30).toArray();
      decoder[i] = random.ints(1 + random.nextInt(12), 0, 40).toArray();
    }
    float[][] expected =
        distinct(singleThread(encoder.length, i -> shared.predict(encoder[i], decoder[i])));
    hammer(
        PLATFORM_THREADS,
        false,
        2_000,
        encoder.length,
        i -> shared.predict(encoder[i], decoder[i]),
        expected);
    hammer(
        VIRTUAL_THREADS,
        true,
        10,
        encoder.length,
        i -> shared.predict(encoder[i], decoder[i]),
        expected);
    int[][][] encoderPairs = new int[encoder.length][][];
    int[][][] decoderPairs = new int[encoder.length][][];
    float[][][] pairsExpected = new float[encoder.length][][];
    for (int i = 0; i < encoder.length; i++) {
      int j = (i + 3) % encoder.length;
      encoderPairs[i] = new int[][] {encoder[i], encoder[j]};
      decoderPairs[i] = new int[][] {decoder[i], decoder[j]};
      pairsExpected[i] = new float[][] {expected[i], expected[j]};
    }
    hammer(
        PLATFORM_THREADS,
        false,
        1_000,
        encoder.length,
        i -> shared.predict(encoderPairs[i], decoderPairs[i]),
        pairsExpected);
  }

  @Test
  void foldedTableBuiltByConcurrentFirstCallsAndSeenByCopies() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    int[][] ids = new int[32][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.ints(12, 0, 20).toArray();
    }
    RnncSharedModels_Folded reference = RnncSharedModels_Folded.create(8);
    float[][] expected = distinct(singleThread(ids.length, i -> reference.predict(ids[i])));
    for (int round = 0; round < 20; round++) { // fresh instances: their first calls build the table
      RnncSharedModels_Folded shared = RnncSharedModels_Folded.create(8);
      hammer(PLATFORM_THREADS, false, 50, ids.length, i -> shared.predict(ids[i]), expected);
    }

    // A copy shares the variables, so weights set through the original rebuild the copy's table.
    RnncSharedModels_Folded original = RnncSharedModels_Folded.create(8);
    RnncSharedModels_Folded copy = original.copy();
    assertArrayEquals(expected[0], copy.predict(ids[0]));
    RnncSharedModels_Folded other = RnncSharedModels_Folded.create(9);
    original.setWeights(other.getWeights());
    for (int i = 0; i < ids.length; i++) {
      assertArrayEquals(other.predict(ids[i]), copy.predict(ids[i]), "ids " + i);
      assertFalse(Arrays.equals(expected[i], copy.predict(ids[i])), "ids " + i + ": new weights");
    }
  }

  @Test
  void overlappingCallsOnOneStatefulInstanceThrow() throws Exception {
    RnncSharedModels_Stream stream = RnncSharedModels_Stream.create(10);
    float[] reading = {0.5f, -0.25f};
    AtomicInteger refused = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    run(
        PLATFORM_THREADS,
        false,
        thread -> {
          for (int i = 0; i < 50_000 && refused.get() < 100; i++) {
            try {
              stream.step(reading);
            } catch (IllegalStateException e) {
              refused.incrementAndGet();
              messages.add(e.getMessage());
            } catch (Throwable e) {
              unexpected.add(e);
            }
          }
        });
    assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected);
    assertTrue(refused.get() > 0, "no overlapping call was refused");
    String message = messages.peek();
    assertTrue(
        message.contains("Stream") && message.contains("stateful") && message.contains("copy()"),
        message);
    // the instance works again once the calls no longer overlap
    stream.resetStates();
    RnncSharedModels_Stream fresh = RnncSharedModels_Stream.create(10);
    assertArrayEquals(fresh.step(reading), stream.step(reading));
  }

  @Test
  void copiesStreamIndependentlyAndEqualSeparateInstances() throws Exception {
    RnncSharedModels_Stream original = RnncSharedModels_Stream.create(11);
    int streams = PLATFORM_THREADS;
    int steps = 3_000;
    float[][][] readings = new float[streams][][];
    float[][][] expected = new float[streams][steps][];
    for (int s = 0; s < streams; s++) {
      readings[s] = FixtureArrays.randomBatch(1, steps, 2, 100 + s)[0];
      RnncSharedModels_Stream separate = RnncSharedModels_Stream.create(11);
      for (int t = 0; t < steps; t++) {
        expected[s][t] = separate.step(readings[s][t]);
      }
    }
    assertFalse(Arrays.equals(expected[0][steps - 1], expected[1][steps - 1]));
    List<RnncSharedModels_Stream> copies = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      copies.add(original.copy());
    }
    // the copies share the original's weight arrays
    assertSame(
        original.lstm().variables().get(0).storage(),
        copies.get(3).lstm().variables().get(0).storage());
    float[][][] actual = new float[streams][steps][];
    run(
        streams,
        false,
        s -> {
          for (int t = 0; t < steps; t++) {
            actual[s][t] = copies.get(s).step(readings[s][t]);
          }
        });
    for (int s = 0; s < streams; s++) {
      for (int t = 0; t < steps; t++) {
        assertArrayEquals(expected[s][t], actual[s][t], "stream " + s + " step " + t);
      }
    }
    // the original's states were never touched: its first step is a fresh instance's
    assertArrayEquals(
        RnncSharedModels_Stream.create(11).step(readings[0][0]), original.step(readings[0][0]));
    // RnncModel.copyOf keeps the interface type
    SharedModels.Stream typed = RnncModel.copyOf((SharedModels.Stream) original);
    assertInstanceOf(RnncSharedModels_Stream.class, typed);
    assertNotSame(original, typed);
  }

  /** What one thread gets for each input, in order. */
  private static <R> List<R> singleThread(int inputs, IntFunction<R> call) {
    List<R> results = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      results.add(call.apply(i));
    }
    return results;
  }

  /** The results as an array, after checking that no two inputs gave the same one. */
  @SuppressWarnings("unchecked")
  private static <R> R[] distinct(List<R> results) {
    for (int i = 0; i < results.size(); i++) {
      for (int j = i + 1; j < results.size(); j++) {
        assertFalse(
            Objects.deepEquals(results.get(i), results.get(j)),
            "inputs " + i + " and " + j + " give the same result, so a mix-up could pass");
      }
    }
    return results.toArray(
        (R[]) java.lang.reflect.Array.newInstance(results.getFirst().getClass(), 0));
  }

  /**
   * {@code threads} threads, released together, each making {@code calls} calls on inputs in an
   * order of its own; every result must equal {@code expected[input]} bit for bit.
   */
  private static void hammer(
      int threads,
      boolean virtual,
      int calls,
      int inputs,
      IntFunction<Object> call,
      Object[] expected)
      throws InterruptedException {
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ConcurrentLinkedQueue<String> first = new ConcurrentLinkedQueue<>();
    run(
        threads,
        virtual,
        thread -> {
          for (int c = 0; c < calls; c++) {
            int input = (thread * 7 + c * 13) % inputs;
            Object result = call.apply(input);
            if (!Objects.deepEquals(expected[input], result)) {
              wrong.incrementAndGet();
              if (first.size() < 3) {
                first.add("thread " + thread + " call " + c + " input " + input);
              }
            }
            done.incrementAndGet();
          }
        });
    assertEquals(threads * calls, done.get());
    assertEquals(0, wrong.get(), () -> "wrong results, first: " + first);
  }

  /** Runs {@code body(thread)} on {@code threads} threads started together; rethrows a failure. */
  private static void run(int threads, boolean virtual, ThreadBody body)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Runnable task =
          () -> {
            try {
              start.await();
              body.run(thread);
            } catch (Throwable e) {
              failures.add(e);
            }
          };
      started.add(virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task));
    }
    start.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError(failures.size() + " threads failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  /** The pool of a model holds no more workspaces than calls ran at once, whatever the threads. */
  private static void assertPoolBounded(Object model, int most)
      throws ReflectiveOperationException {
    Field field = model.getClass().getDeclaredField("workspaces");
    field.setAccessible(true);
    int idle = ((WorkspacePool<?>) field.get(model)).idle();
    assertTrue(idle > 1 && idle <= most, "workspaces kept: " + idle + ", expected 2 to " + most);
  }

  @FunctionalInterface
  private interface ThreadBody {
    void run(int thread) throws Exception;
  }
}
