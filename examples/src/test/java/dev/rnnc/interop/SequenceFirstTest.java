package dev.rnnc.interop;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @SequenceFirst} calls take PyTorch's {@code batch_first=False} arrays as they are: the
 * outputs equal the PyTorch 2.13 modules' (≤ 1e-5), sequence outputs sequence-first too.
 */
class SequenceFirstTest {
  @TempDir Path dir;

  @Test
  void sequenceOutputStaysSequenceFirst() throws IOException {
    var model = RnncSequenceFirstModels_Tagger.load(file("lstm_sequence_first"));
    JsonNode fixture = fixture("lstm_sequence_first");
    float[][][] x = FixtureArrays.floats3(fixture.get("input")); // (6, 4, 3)
    float[][][] out = model.predict(x);
    assertEquals(6, out.length, "timesteps first");
    assertEquals(4, out[0].length, "then the batch");
    assertClose("lstm_sequence_first", fixture.get("expected"), out);
    // The same rows as the batch-first call on the transposed arrays.
    float[][][] batchFirst = new float[4][6][];
    for (int t = 0; t < 6; t++) {
      for (int b = 0; b < 4; b++) {
        batchFirst[b][t] = x[t][b];
      }
    }
    float[][][] reference = model.predictBatchFirst(batchFirst);
    for (int t = 0; t < 6; t++) {
      for (int b = 0; b < 4; b++) {
        ArrayAssert.assertBitIdentical("t " + t + " b " + b, reference[b][t], out[t][b]);
      }
    }
  }

  @Test
  void intoAndInitialStateFormsAreSequenceFirstToo() throws IOException {
    var model = RnncSequenceFirstModels_Tagger.load(file("lstm_sequence_first"));
    JsonNode fixture = fixture("lstm_sequence_first");
    float[][][] x = FixtureArrays.floats3(fixture.get("input")); // (6, 4, 3)
    float[][][] out = new float[6][4][2];
    model.predictInto(x, out);
    assertClose("predictInto", fixture.get("expected"), out);
    // from initial states: the same rows as the batch-first call on the transposed arrays
    float[][][] batchFirst = new float[4][6][];
    for (int t = 0; t < 6; t++) {
      for (int b = 0; b < 4; b++) {
        batchFirst[b][t] = x[t][b];
      }
    }
    float[][] h = FixtureArrays.randomBatch(1, 4, 5, 11)[0];
    float[][] c = FixtureArrays.randomBatch(1, 4, 5, 12)[0];
    float[][][] reference = model.predictBatchFirst(batchFirst, h, c);
    float[][][] fromStates = model.predict(x, h, c);
    for (int t = 0; t < 6; t++) {
      for (int b = 0; b < 4; b++) {
        ArrayAssert.assertBitIdentical("t " + t + " b " + b, reference[b][t], fromStates[t][b]);
      }
    }
    var wrongOut =
        assertThrows(
            IllegalArgumentException.class, () -> model.predictInto(x, new float[6][3][2]));
    assertEquals(
        "out[0] has 3 samples; expected sequence-first shape (timesteps, batch, units) = (6, 4, 2)",
        wrongOut.getMessage());
  }

  @Test
  void vectorOutputIsOneRowPerSample() throws IOException {
    var model = RnncSequenceFirstModels_Summary.load(file("lstm_sequence_first_last"));
    JsonNode fixture = fixture("lstm_sequence_first_last");
    float[][][] x = FixtureArrays.floats3(fixture.get("input")); // (5, 3, 3)
    float[][] out = model.predict(x);
    assertEquals(3, out.length, "one row per sample");
    assertClose("lstm_sequence_first_last", fixture.get("expected"), out);
  }

  @Test
  void aRaggedBatchIsRefusedNamingTheLayout() throws IOException {
    var model = RnncSequenceFirstModels_Tagger.load(file("lstm_sequence_first"));
    float[][][] x = new float[6][4][3];
    x[2] = new float[3][3];
    var e = assertThrows(IllegalArgumentException.class, () -> model.predict(x));
    assertEquals(
        "x[2] has 3 samples, but x[0] has 4; expected sequence-first shape (timesteps, batch,"
            + " features) = (6, batch, 3)",
        e.getMessage());
    var tooShort =
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[5][4][3]));
    assertEquals(
        "x has 5 timesteps; expected sequence-first shape (timesteps, batch, features) = (6,"
            + " batch, 3)",
        tooShort.getMessage());
    float[][][] nan = new float[6][4][3];
    nan[5][1][2] = Float.NaN;
    assertEquals(
        "x[5][1][2] is NaN; inputs must be finite",
        assertThrows(IllegalArgumentException.class, () -> model.predict(nan)).getMessage());
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        SequenceFirstTest.class.getResourceAsStream("/fixtures/torch/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private Path file(String name) throws IOException {
    Path file = dir.resolve(name + ".safetensors");
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/torch/" + name + ".safetensors")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
