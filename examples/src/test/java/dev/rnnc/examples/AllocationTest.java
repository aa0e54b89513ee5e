package dev.rnnc.examples;

import static dev.rnnc.testing.Allocations.assertAllocatesNothing;

import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.parity.RnncGruStack;
import dev.rnnc.parity.RnncM1;
import dev.rnnc.parity.RnncRnnStack;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Counts the bytes a warmed-up generated model allocates per allocation-free call, with the JVM's
 * per-thread allocation counter (a count, not a timing). JMH {@code -prof gc} in benchmarks/
 * measures the same for the benchmark models.
 */
class AllocationTest {
  @Test
  void maskedBidirectionalAllocatesNothingAfterWarmUp() {
    RnncMaskedTagger model = RnncMaskedTagger.create(2);
    float[][] sequence = new float[12][3];
    SplittableRandom random = new SplittableRandom(6);
    for (int t = 0; t < 9; t++) { // three padded steps at the end
      for (int f = 0; f < 3; f++) {
        sequence[t][f] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] out = new float[12][4];
    assertAllocatesNothing(() -> model.tagInto(sequence, out), "tagInto");
  }

  @Test
  void maskedStackedCellsAllocateNothingAfterWarmUp() {
    RnncMaskedStackedCells model = RnncMaskedStackedCells.create(4);
    float[][] sequence = new float[12][3];
    SplittableRandom random = new SplittableRandom(8);
    for (int t = 2; t < 9; t++) { // padding at both ends
      for (int f = 0; f < 3; f++) {
        sequence[t][f] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] out = new float[12][4];
    assertAllocatesNothing(() -> model.tagInto(sequence, out), "tagInto");
  }

  @Test
  void streamingStepAllocatesNothingAfterWarmUp() {
    RnncSensorStream model = RnncSensorStream.create(3);
    float[] reading = {0.5f, -0.25f};
    float[] out = new float[1];
    assertAllocatesNothing(() -> model.stepInto(reading, out), "stepInto");
  }

  @Test
  void lockstepBatchIntoAllocatesNothingAfterWarmUp() {
    RnncM1 model = RnncM1.create(4); // LSTM stack + Dense: batch calls run in lockstep chunks
    float[][][] batch = new float[9][30][1]; // a full chunk and a partial one
    SplittableRandom random = new SplittableRandom(7);
    for (float[][] window : batch) {
      for (float[] step : window) {
        step[0] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] out = new float[9][1];
    assertAllocatesNothing(() -> model.predictInto(batch, out), "batch predictInto");
  }

  @Test
  void gruAndSimpleRnnLockstepBatchesAllocateNothingAfterWarmUp() {
    RnncGruStack gru = RnncGruStack.create(5);
    float[][][] gruBatch = FixtureArrays.randomBatch(9, 12, 3, 9); // a full chunk and a partial one
    float[][] gruOut = new float[9][2];
    assertAllocatesNothing(() -> gru.predictInto(gruBatch, gruOut), "GRU batch predictInto");
    RnncRnnStack rnn = RnncRnnStack.create(6);
    float[][][] rnnBatch = FixtureArrays.randomBatch(9, 10, 5, 10);
    float[][] rnnOut = new float[9][2];
    assertAllocatesNothing(() -> rnn.predictInto(rnnBatch, rnnOut), "SimpleRNN batch predictInto");
  }

  @Test
  void maskedTokenLockstepBatchAllocatesNothingAfterWarmUp() {
    RnncMaskedSentiment model = RnncMaskedSentiment.create(8);
    int[][] batch = new int[9][16]; // a full chunk and a partial one, each padded at its end
    SplittableRandom random = new SplittableRandom(11);
    for (int[] ids : batch) {
      int length = random.nextInt(4, 17);
      for (int t = 0; t < length; t++) {
        ids[t] = random.nextInt(1, 40);
      }
    }
    float[][] out = new float[9][1];
    assertAllocatesNothing(() -> model.predictInto(batch, out), "masked token batch predictInto");
  }

  @Test
  void predictIntoAllocatesNothingAfterWarmUp() {
    RnncForecaster model = RnncForecaster.create(1);
    float[][] window = new float[30][1];
    SplittableRandom random = new SplittableRandom(5);
    for (float[] step : window) {
      step[0] = (float) random.nextDouble(-1, 1);
    }
    float[] out = new float[1];
    assertAllocatesNothing(() -> model.predictInto(window, out), "predictInto");
  }
}
