package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with several inputs load the weights real Keras 3.15.1 saved for the same functional model
 * (layers matched by name) and reproduce its outputs (≤ 1e-5).
 */
class MultiInputParityTest {
  @TempDir Path dir;

  @Test
  void kerasGuideEncoderDecoderWithVariableLengths() throws IOException {
    GraphFixture fixture = GraphFixture.read("seq2seq_tokens");
    var model = RnncMultiInputModels_Seq2Seq.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture,
        (b, f) -> model.predict(f.tokens(b, "encoderTokens"), f.tokens(b, "decoderTokens")));
    float[] out = new float[10];
    model.predictInto(fixture.tokens(1, "encoderTokens"), fixture.tokens(1, "decoderTokens"), out);
    fixture.assertOutput(1, out);
    // A batch: samples of different lengths, each its own.
    int n = fixture.samples();
    int[][] encoder = new int[n][];
    int[][] decoder = new int[n][];
    for (int b = 0; b < n; b++) {
      encoder[b] = fixture.tokens(b, "encoderTokens");
      decoder[b] = fixture.tokens(b, "decoderTokens");
    }
    float[][] batch = model.predict(encoder, decoder);
    float[][] into = new float[n][10];
    model.predictInto(encoder, decoder, into);
    for (int b = 0; b < n; b++) {
      fixture.assertOutput(b, batch[b]);
      fixture.assertOutput(b, into[b]);
    }
  }

  @Test
  void batchesOfDifferentSizesAreRejected() throws IOException {
    GraphFixture fixture = GraphFixture.read("seq2seq_tokens");
    var model = RnncMultiInputModels_Seq2Seq.load(fixture.weights(dir));
    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(new int[][] {{1, 2}, {3}}, new int[][] {{4}}));
    assertEquals(
        "decoderTokens: expected a batch of 2 samples, as encoderTokens has, got 1",
        error.getMessage());
    var range =
        assertThrows(
            IllegalArgumentException.class, () -> model.predict(new int[] {1, 50}, new int[] {1}));
    assertEquals(true, range.getMessage().startsWith("encoderTokens"), range.getMessage());
  }

  @Test
  void maskedEncoderDecoderOnPaddedBatches() throws IOException {
    GraphFixture fixture = GraphFixture.read("seq2seq_masked");
    var model = RnncMultiInputModels_MaskedSeq2Seq.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture,
        (b, f) -> model.predict(f.tokens(b, "encoderTokens"), f.tokens(b, "decoderTokens")));
  }

  @Test
  void sequenceBranchJoinedWithAVectorInput() throws IOException {
    GraphFixture fixture = GraphFixture.read("sequence_and_vector");
    var model = RnncMultiInputModels_SequenceAndVector.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture, (b, f) -> model.predict(f.sequence(b, "series"), f.vector(b, "meta")));
    float[][][] series = new float[fixture.samples()][][];
    float[][] meta = new float[fixture.samples()][];
    for (int b = 0; b < series.length; b++) {
      series[b] = fixture.sequence(b, "series");
      meta[b] = fixture.vector(b, "meta");
    }
    float[][] out = model.predict(series, meta);
    for (int b = 0; b < series.length; b++) {
      fixture.assertOutput(b, out[b]);
    }
    var error =
        assertThrows(IllegalArgumentException.class, () -> model.predict(series[0], new float[3]));
    assertEquals("meta: expected shape (4,), got (3,)", error.getMessage());
  }

  @Test
  void masksOfTwoBranchesAreOred() throws IOException {
    GraphFixture fixture = GraphFixture.read("two_masked_add");
    var model = RnncMultiInputModels_TwoMaskedAdd.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture, (b, f) -> model.predict(f.sequence(b, "left"), f.sequence(b, "right")));
  }
}
