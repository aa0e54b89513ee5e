package dev.rnnc.interop;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code @Packed int[] lengths} computes what PyTorch 2.13 computes on {@code
 * pack_padded_sequence(x, lengths)} (≤ 1e-5; fixtures: tools/goldens/pytorch_packed.py): outputs
 * zero past each row's length, h_n and c_n of its last real step, a reverse direction starting
 * there; from zero states and from PyTorch's h_0/c_0. The fixtures' padding is random, which
 * PyTorch never reads.
 */
class PackedTest {
  @TempDir Path dir;

  @Test
  void lstmTaggerMatchesPyTorchInEveryForm() throws IOException {
    var model = RnncPackedModels_Tagger.load(file("packed_lstm_tagger"));
    JsonNode f = fixture("packed_lstm_tagger");
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    int[] lengths = ints(f.get("lengths"));
    assertClose("tag", f.get("expected"), model.tag(x, lengths));
    float[][][] out = new float[x.length][x[0].length][2];
    model.tagInto(x, lengths, out);
    assertClose("tagInto", f.get("expected"), out);
    PackedModels.Tagged[] tagged = model.tagWithStates(x, lengths);
    for (int b = 0; b < x.length; b++) {
      assertClose("head " + b, f.get("expected").get(b), tagged[b].head());
      assertClose("h_n " + b, f.get("h_n").get(0).get(b), tagged[b].encoderH());
      assertClose("c_n " + b, f.get("c_n").get(0).get(b), tagged[b].encoderC());
    }
    float[][] h0 = FixtureArrays.floats3(f.get("h_0"))[0]; // (1, B, H): one layer, a row per b
    float[][] c0 = FixtureArrays.floats3(f.get("c_0"))[0];
    PackedModels.Tagged[] fromH0 = model.tagWithStates(x, lengths, h0, c0);
    for (int b = 0; b < x.length; b++) {
      assertClose("head from h_0 " + b, f.get("expected_from_h0").get(b), fromH0[b].head());
      assertClose("h_n from h_0 " + b, f.get("h_n_from_h0").get(0).get(b), fromH0[b].encoderH());
      assertClose("c_n from h_0 " + b, f.get("c_n_from_h0").get(0).get(b), fromH0[b].encoderC());
    }
    PackedModels.Tagged[] torchLayout =
        model.tagWithStates(
            x, lengths, FixtureArrays.floats3(f.get("h_0")), FixtureArrays.floats3(f.get("c_0")));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "head, PyTorch's h_0 " + b, f.get("expected_from_h0").get(b), torchLayout[b].head());
      assertClose(
          "c_n, PyTorch's h_0 " + b, f.get("c_n_from_h0").get(0).get(b), torchLayout[b].encoderC());
    }
    model.tagInto(x, lengths, h0, c0, out);
    assertClose("tagInto from h_0", f.get("expected_from_h0"), out);
    // the next call starts from zeros again
    assertClose("from zeros", f.get("expected"), model.tag(x, lengths));
  }

  @Test
  void packedDiffersFromKerasMaskPastTheLengthOnly() throws IOException {
    var model = RnncPackedModels_Tagger.load(file("packed_lstm_tagger"));
    JsonNode f = fixture("packed_lstm_tagger");
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    int[] lengths = ints(f.get("lengths"));
    float[][][] packed = model.tag(x, lengths);
    float[][][] keras = model.tagKeras(x, lengths);
    float[] bias = model.head().variables().get(1).get();
    for (int b = 0; b < x.length; b++) {
      for (int t = 0; t < x[b].length; t++) {
        if (t < lengths[b]) {
          assertEquals(keras[b][t][0], packed[b][t][0], "real step " + b + "," + t);
          continue;
        }
        // PyTorch's head reads a zero output: its bias; Keras' reads the repeated last output
        ArrayAssert.assertBitIdentical("padded " + b + "," + t, bias, packed[b][t]);
        if (lengths[b] > 0) {
          assertEquals(keras[b][lengths[b] - 1][0], keras[b][t][0], "Keras repeats " + b);
          assertTrue(Math.abs(keras[b][t][0] - packed[b][t][0]) > 1e-3, "differs " + b + "," + t);
        }
      }
    }
  }

  @Test
  void gruClassifierReadsTheLastRealStep() throws IOException {
    var model = RnncPackedModels_Classifier.load(file("packed_gru_classifier"));
    JsonNode f = fixture("packed_gru_classifier");
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    int[] lengths = ints(f.get("lengths"));
    assertClose("classify", f.get("expected"), model.classify(x, lengths));
    float[][] h0 = FixtureArrays.floats3(f.get("h_0"))[0];
    assertClose("classify from h_0", f.get("expected_from_h0"), model.classify(x, lengths, h0));
  }

  @Test
  void bidirectionalLstmStartsItsReverseAtTheLastRealStep() throws IOException {
    var model = RnncPackedModels_BiLstm.load(file("packed_lstm_bidirectional"));
    JsonNode f = fixture("packed_lstm_bidirectional");
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    int[] lengths = ints(f.get("lengths"));
    float[][][] h0 = FixtureArrays.floats3(f.get("h_0")); // (2, B, H): forward, reverse
    float[][][] c0 = FixtureArrays.floats3(f.get("c_0"));
    PackedModels.BiStates[] zero = model.run(x, lengths);
    PackedModels.BiStates[] fromH0 = model.run(x, lengths, h0[0], c0[0], h0[1], c0[1]);
    PackedModels.BiStates[] torchLayout = model.run(x, lengths, h0, c0); // (2, B, 4) as given
    for (int b = 0; b < x.length; b++) {
      assertClose("PyTorch's h_0 " + b, f.get("expected_from_h0").get(b), torchLayout[b].output());
      assertClose(
          "PyTorch's h_0, c_n reverse " + b,
          f.get("c_n_from_h0").get(1).get(b),
          torchLayout[b].backwardC());
    }
    for (String run : new String[] {"", "_from_h0"}) {
      PackedModels.BiStates[] states = run.isEmpty() ? zero : fromH0;
      for (int b = 0; b < x.length; b++) {
        String at = run + " " + b;
        assertClose("output" + at, f.get("expected" + run).get(b), states[b].output());
        JsonNode hn = f.get("h_n" + run);
        JsonNode cn = f.get("c_n" + run);
        assertClose("h_n forward" + at, hn.get(0).get(b), states[b].forwardH());
        assertClose("c_n forward" + at, cn.get(0).get(b), states[b].forwardC());
        assertClose("h_n reverse" + at, hn.get(1).get(b), states[b].backwardH());
        assertClose("c_n reverse" + at, cn.get(1).get(b), states[b].backwardC());
      }
    }
  }

  @Test
  void twoLayerBidirectionalGruReturnsHn() throws IOException {
    var model = RnncPackedModels_BiGruLayers.load(file("packed_gru_num_layers_bidirectional"));
    JsonNode f = fixture("packed_gru_num_layers_bidirectional");
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    int[] lengths = ints(f.get("lengths"));
    float[][][] h0 = FixtureArrays.floats3(f.get("h_0")); // (4, B, H)
    PackedModels.GruStates[] zero = model.run(x, lengths);
    PackedModels.GruStates[] fromH0 = model.run(x, lengths, h0[0], h0[1], h0[2], h0[3]);
    PackedModels.GruStates[] torchLayout = model.run(x, lengths, h0); // (4, B, 4) as given
    for (int b = 0; b < x.length; b++) {
      assertClose("PyTorch's h_0 " + b, f.get("expected_from_h0").get(b), torchLayout[b].rnn());
      for (int row = 0; row < 4; row++) {
        assertClose(
            "PyTorch's h_0, h_n " + row + " " + b,
            f.get("h_n_from_h0").get(row).get(b),
            torchLayout[b].rnnHN()[row]);
      }
    }
    for (String run : new String[] {"", "_from_h0"}) {
      PackedModels.GruStates[] states = run.isEmpty() ? zero : fromH0;
      for (int b = 0; b < x.length; b++) {
        assertClose("output" + run + " " + b, f.get("expected" + run).get(b), states[b].rnn());
        assertEquals(4, states[b].rnnHN().length, "num_layers * num_directions rows");
        for (int row = 0; row < 4; row++) {
          assertClose(
              "h_n" + run + " " + row + " " + b,
              f.get("h_n" + run).get(row).get(b),
              states[b].rnnHN()[row]);
        }
      }
    }
  }

  @Test
  void twoLayerProjectedLstmReturnsHnAndCn() throws IOException {
    var model = RnncPackedModels_LstmProjLayers.load(file("packed_lstm_num_layers_proj"));
    JsonNode f = fixture("packed_lstm_num_layers_proj");
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    int[] lengths = ints(f.get("lengths"));
    float[][][] h0 = FixtureArrays.floats3(f.get("h_0"));
    float[][][] c0 = FixtureArrays.floats3(f.get("c_0"));
    PackedModels.ProjStates[] zero = model.run(x, lengths);
    PackedModels.ProjStates[] fromH0 = model.run(x, lengths, h0[0], c0[0], h0[1], c0[1]);
    PackedModels.ProjStates[] torchLayout = model.run(x, lengths, h0, c0); // (2, B, 3), (2, B, 5)
    for (int b = 0; b < x.length; b++) {
      assertClose("PyTorch's h_0 " + b, f.get("expected_from_h0").get(b), torchLayout[b].rnn());
      for (int row = 0; row < 2; row++) {
        assertClose(
            "PyTorch's h_0, c_n " + row + " " + b,
            f.get("c_n_from_h0").get(row).get(b),
            torchLayout[b].rnnCN()[row]);
      }
    }
    for (String run : new String[] {"", "_from_h0"}) {
      PackedModels.ProjStates[] states = run.isEmpty() ? zero : fromH0;
      for (int b = 0; b < x.length; b++) {
        String at = run + " " + b;
        assertClose("output" + at, f.get("expected" + run).get(b), states[b].rnn());
        for (int row = 0; row < 2; row++) {
          assertClose(
              "h_n" + at + " " + row, f.get("h_n" + run).get(row).get(b), states[b].rnnHN()[row]);
          assertClose(
              "c_n" + at + " " + row, f.get("c_n" + run).get(row).get(b), states[b].rnnCN()[row]);
        }
      }
    }
  }

  @Test
  void sequenceFirstPackedCallsTakeAndReturnPyTorchsLayout() throws IOException {
    var model = RnncPackedModels_GruSequenceFirst.load(file("packed_gru_sequence_first"));
    JsonNode f = fixture("packed_gru_sequence_first");
    float[][][] x = FixtureArrays.floats3(f.get("input_sequence_first")); // (T, B, F)
    int[] lengths = ints(f.get("lengths"));
    assertClose("run", f.get("expected_sequence_first"), model.run(x, lengths));
    float[][][] out = new float[7][4][4]; // (T, B, H)
    model.runInto(x, lengths, out);
    assertClose("runInto", f.get("expected_sequence_first"), out);
    float[][] h0 = FixtureArrays.floats3(f.get("h_0"))[0];
    // expected_from_h0 is as the module returns it: sequence-first
    assertClose("run from h_0", f.get("expected_from_h0"), model.run(x, lengths, h0));
    var wrongOut =
        assertThrows(
            IllegalArgumentException.class, () -> model.runInto(x, lengths, new float[4][7][4]));
    assertEquals(
        "out has 4 timesteps; expected sequence-first shape (timesteps, batch, units) = (7, 4, 4)",
        wrongOut.getMessage());
  }

  @Test
  void badLengthsAreRefusedNamingExpectedAndActual() throws IOException {
    var model = RnncPackedModels_Tagger.load(file("packed_lstm_tagger"));
    float[][][] x = new float[3][5][3];
    assertEquals(
        "lengths[1] is -1; expected a length in [0, 5], the timesteps of sample 1",
        assertThrows(IllegalArgumentException.class, () -> model.tag(x, new int[] {5, -1, 2}))
            .getMessage());
    assertEquals(
        "lengths[2] is 6; expected a length in [0, 5], the timesteps of sample 2",
        assertThrows(IllegalArgumentException.class, () -> model.tag(x, new int[] {5, 1, 6}))
            .getMessage());
    assertEquals(
        "lengths has 2 entries; expected one per sample of the batch (3)",
        assertThrows(IllegalArgumentException.class, () -> model.tag(x, new int[] {5, 1}))
            .getMessage());
    assertEquals(
        "lengths is null; expected one entry per sample (3)",
        assertThrows(IllegalArgumentException.class, () -> model.tag(x, null)).getMessage());
    var states =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.tagWithStates(x, new int[] {5, 1, 2}, new float[2][5], new float[3][5]));
    assertEquals("h0: expected a batch of 3 samples, as x has, got 2", states.getMessage());
    var torchRows =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.tagWithStates(
                    x, new int[] {5, 1, 2}, new float[2][3][5], new float[1][3][5]));
    assertEquals(
        "h0 has 2 rows; expected PyTorch's shape (num_layers * num_directions, batch, hidden) ="
            + " (1, 3, 5), the batch as x has",
        torchRows.getMessage());
    var torchWidth =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.tagWithStates(
                    x, new int[] {5, 1, 2}, new float[1][3][5], new float[1][3][4]));
    assertEquals(
        "c0[0][0] has 4 values; expected PyTorch's shape (num_layers * num_directions, batch,"
            + " hidden) = (1, 3, 5), the batch as x has",
        torchWidth.getMessage());
  }

  @Test
  void aZeroLengthRowOutputsZerosAndKeepsItsInitialStates() throws IOException {
    var model = RnncPackedModels_Tagger.load(file("packed_lstm_tagger"));
    float[][][] x = FixtureArrays.randomBatch(2, 4, 3, 7);
    float[][] h0 = {{0.1f, -0.2f, 0.3f, 0.4f, -0.5f}, {0.5f, 0.4f, -0.3f, 0.2f, 0.1f}};
    float[][] c0 = {{-0.1f, 0.2f, 0.3f, -0.4f, 0.5f}, {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}};
    PackedModels.Tagged[] out = model.tagWithStates(x, new int[] {0, 4}, h0, c0);
    float[] bias = model.head().variables().get(1).get();
    for (int t = 0; t < 4; t++) {
      ArrayAssert.assertBitIdentical("head of a zero output " + t, bias, out[0].head()[t]);
    }
    ArrayAssert.assertBitIdentical("h_n = h_0", h0[0], out[0].encoderH());
    ArrayAssert.assertBitIdentical("c_n = c_0", c0[0], out[0].encoderC());
  }

  private static int[] ints(JsonNode node) {
    int[] values = new int[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = node.get(i).asInt();
    }
    return values;
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        PackedTest.class.getResourceAsStream("/fixtures/torch/" + name + ".json")) {
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
