package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batch calls of LSTM/Dense models run in lockstep chunks of eight samples ({@code runChunk}),
 * single calls one sample at a time: the two paths compute the same function. Batches of 19 cover
 * two full chunks and a partial one (and, inside the kernel, groups of four, two and one); the Keras
 * parity tests check both paths against Keras on the fixtures' batches.
 */
class LockstepBatchTest {
  private static final int SAMPLES = 19;
  private static final double TOLERANCE = 1e-6;

  @Test
  void m1BatchCallsMatchSingleCalls() {
    RnncM1 model = RnncM1.create(11);
    float[][][] batch = random(SAMPLES, 30, 1, 3);
    float[][] returned = model.predict(batch);
    float[][] into = new float[SAMPLES][1];
    model.predictInto(batch, into);
    for (int i = 0; i < SAMPLES; i++) {
      float single = model.predict(batch[i])[0];
      assertEquals(single, returned[i][0], TOLERANCE, "predict(batch), sample " + i);
      assertEquals(single, into[i][0], TOLERANCE, "predictInto(batch), sample " + i);
    }
  }

  @Test
  void sequenceOutputBatchMatchesSingleCalls() {
    RnncLstmSeqOut model = RnncLstmSeqOut.create(12);
    float[][][] batch = random(SAMPLES, 5, 2, 4);
    float[][][] returned = model.predict(batch);
    assertEquals(SAMPLES, returned.length);
    for (int i = 0; i < SAMPLES; i++) {
      float[][] single = model.predict(batch[i]);
      assertEquals(0.0, FixtureArrays.maxAbsDifference(single, returned[i]), TOLERANCE, "sample " + i);
    }
  }

  private static float[][][] random(int samples, int timesteps, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] batch = new float[samples][timesteps][features];
    for (float[][] sample : batch) {
      for (float[] step : sample) {
        for (int f = 0; f < features; f++) {
          step[f] = (float) random.nextDouble(-1, 1);
        }
      }
    }
    return batch;
  }
}
