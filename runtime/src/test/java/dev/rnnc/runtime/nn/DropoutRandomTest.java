package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DropoutRandom draws what SplittableRandom draws, and resumes from a saved position. */
class DropoutRandomTest {

  @Test
  void drawsSplittableRandomsNumbers() {
    for (long seed : new long[] {0x5eedL, 0, -1, 42}) {
      SplittableRandom reference = new SplittableRandom(seed);
      DropoutRandom random = new DropoutRandom(seed);
      for (int i = 0; i < 10_000; i++) {
        switch (i % 4) {
          case 0 -> assertEquals(reference.nextDouble(), random.nextDouble(), "draw " + i);
          case 1 -> assertEquals(reference.nextLong(), random.nextLong(), "draw " + i);
          case 2 -> assertEquals(reference.nextInt(), random.nextInt(), "draw " + i);
          default -> assertEquals(reference.nextFloat(), random.nextFloat(), "draw " + i);
        }
      }
    }
  }

  @Test
  void aSavedPositionResumesTheSameDraws() {
    DropoutRandom random = new DropoutRandom(7);
    for (int i = 0; i < 100; i++) {
      random.nextDouble();
    }
    long position = random.position();
    double[] expected = new double[50];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = random.nextDouble();
    }
    DropoutRandom resumed = new DropoutRandom(0);
    resumed.position(position);
    for (double e : expected) {
      assertEquals(e, resumed.nextDouble());
    }
  }

  /**
   * {@code skip(samples, perSample)} lands where drawing {@code samples · perSample} doubles would:
   * a training shard that skips the other shards' samples draws the very values one thread draws
   * for its own.
   */
  @Test
  void skipJumpsOverThatManyDraws() {
    DropoutRandom drawn = new DropoutRandom(0x5eedL);
    for (int i = 0; i < 3 * 17; i++) {
      drawn.nextDouble();
    }
    DropoutRandom skipped = new DropoutRandom(0x5eedL);
    skipped.skip(3, 17);
    assertEquals(drawn.position(), skipped.position());
    for (int i = 0; i < 100; i++) {
      assertEquals(drawn.nextDouble(), skipped.nextDouble(), "draw " + i + " after the skip");
    }
    skipped.skip(0, 17); // nothing
    assertEquals(drawn.nextDouble(), skipped.nextDouble());
  }
}
