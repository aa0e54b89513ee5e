package dev.rnnc.cells;

import static dev.rnnc.parity.FixtureArrays.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @RNN(unroll = true)} reproduces Keras 3.15's {@code RNN(cell, unroll=True)} (≤ 1e-5), and
 * is bit-identical to the same model looped, loaded from the same file, on the fixture's padded
 * rows and on random ones (with random zero rows, so that masks vary).
 */
class UnrollCellsTest {
  @TempDir Path dir;

  @Test
  void maskedCustomCellSequence() throws IOException {
    String name = "unroll_masked_custom_seq";
    var unrolled = RnncUnrollModels_UnrollMaskedCustomSeq.load(weights(name));
    var looped = RnncUnrollModels_LoopMaskedCustomSeq.load(weights(name));
    check(name, unrolled::predict, looped::predict, unrolled::predict, looped::predict);
  }

  @Test
  void maskedStackedCellsBackwards() throws IOException {
    String name = "unroll_masked_stacked_backwards";
    var unrolled = RnncUnrollModels_UnrollMaskedStackedBackwards.load(weights(name));
    var looped = RnncUnrollModels_LoopMaskedStackedBackwards.load(weights(name));
    check(name, unrolled::predict, looped::predict, unrolled::predict, looped::predict);
  }

  @Test
  void bidirectionalCustomCell() throws IOException {
    String name = "unroll_bidirectional_custom";
    var unrolled = RnncUnrollModels_UnrollBidirectionalCustom.load(weights(name));
    var looped = RnncUnrollModels_LoopBidirectionalCustom.load(weights(name));
    check(name, unrolled::predict, looped::predict, unrolled::predict, looped::predict);
  }

  private static void check(
      String name,
      Function<float[][], Object> unrolled,
      Function<float[][], Object> looped,
      Function<float[][][], Object> unrolledBatch,
      Function<float[][][], Object> loopedBatch) {
    JsonNode fixture = StackedCellsTest.fixture(name);
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(name + " sample " + b, fixture.get("expected").get(b), unrolled.apply(x[b]));
    }
    assertClose(name + " batch", fixture.get("expected"), unrolledBatch.apply(x));
    float[][][] inputs = withRandomSamples(x, name.length());
    for (int b = 0; b < inputs.length; b++) {
      ArrayAssert.assertBitIdentical(
          name + " sample " + b + ", looped vs unrolled",
          looped.apply(inputs[b]),
          unrolled.apply(inputs[b]));
    }
    ArrayAssert.assertBitIdentical(
        name + " batch, looped vs unrolled",
        loopedBatch.apply(inputs),
        unrolledBatch.apply(inputs));
  }

  /**
   * The fixture's rows, then 16 seeded N(0, 2²) rows, each timestep zeroed with probability 1/4.
   */
  private static float[][][] withRandomSamples(float[][][] fixture, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] out = new float[fixture.length + 16][][];
    System.arraycopy(fixture, 0, out, 0, fixture.length);
    for (int b = fixture.length; b < out.length; b++) {
      out[b] = new float[fixture[0].length][fixture[0][0].length];
      for (float[] step : out[b]) {
        boolean padding = random.nextInt(4) == 0;
        for (int i = 0; i < step.length; i++) {
          step[i] = padding ? 0f : (float) (2 * random.nextGaussian());
        }
      }
    }
    return out;
  }

  private Path weights(String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    if (!Files.exists(file)) {
      try (InputStream in =
          getClass().getResourceAsStream("/fixtures/cells/" + name + ".weights.h5")) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return file;
  }
}
