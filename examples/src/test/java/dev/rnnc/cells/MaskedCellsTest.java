package dev.rnnc.cells;

import static dev.rnnc.parity.FixtureArrays.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.parity.FixtureArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks into {@code @RNN} layers reproduce Keras 3.15 (≤ 1e-5): states carry through masked steps,
 * outputs repeat or (zeroOutputForMask) zero; rows fully, right-, left-padded and with a gap.
 */
class MaskedCellsTest {
  @TempDir Path dir;

  @Test
  void maskingIntoACustomCellSequence() throws IOException {
    var model = RnncStackedModels_MaskedCustomSeq.load(weights("masked_custom_seq"));
    JsonNode fixture = StackedCellsTest.fixture("masked_custom_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "masked_custom_seq sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
    float[][][] out = new float[x.length][6][2];
    model.predictInto(x, out);
    assertClose("masked_custom_seq batch into", fixture.get("expected"), out);
  }

  @Test
  void zeroOutputForMaskOnALastOutputBackwards() throws IOException {
    var model = RnncStackedModels_MaskedCustomLastZero.load(weights("masked_custom_last_zero"));
    JsonNode fixture = StackedCellsTest.fixture("masked_custom_last_zero");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "masked_custom_last_zero sample " + b,
          fixture.get("expected").get(b),
          model.predict(x[b]));
    }
  }

  @Test
  void embeddingMaskThroughTwoStacks() throws IOException {
    var model = RnncStackedModels_MaskedStackedTokens.load(weights("masked_stacked_tokens"));
    JsonNode fixture = StackedCellsTest.fixture("masked_stacked_tokens");
    int[][] ids = FixtureArrays.ints2(fixture.get("input"));
    float[] out = new float[2];
    for (int b = 0; b < ids.length; b++) {
      assertClose(
          "masked_stacked_tokens sample " + b,
          fixture.get("expected").get(b),
          model.predict(ids[b]));
      model.predictInto(ids[b], out);
      assertClose("masked_stacked_tokens into " + b, fixture.get("expected").get(b), out);
    }
  }

  @Test
  void zeroOutputForMaskOnAStackedSequence() throws IOException {
    var model = RnncStackedModels_MaskedStackedZeroSeq.load(weights("masked_stacked_zero_seq"));
    JsonNode fixture = StackedCellsTest.fixture("masked_stacked_zero_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "masked_stacked_zero_seq sample " + b,
          fixture.get("expected").get(b),
          model.predict(x[b]));
    }
  }

  @Test
  void backwardsSequenceStaysInProcessingOrder() throws IOException {
    var model =
        RnncStackedModels_MaskedStackedBackwardsSeq.load(weights("masked_stacked_backwards_seq"));
    JsonNode fixture = StackedCellsTest.fixture("masked_stacked_backwards_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "masked_stacked_backwards_seq sample " + b,
          fixture.get("expected").get(b),
          model.predict(x[b]));
    }
  }

  private Path weights(String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/cells/" + name + ".weights.h5")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
