package dev.rnnc.interop;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.parity.FixtureArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls of models with two sequence inputs in PyTorch 2.13's layouts (≤ 1e-5; fixtures:
 * tools/goldens/pytorch_sequence_first_several_inputs.py): {@code @SequenceFirst} inputs, {@code
 * (T, B, F)} each, alone, into and with {@code @Packed} lengths per input; a sequence output
 * returned sequence-first; and a batch's initial states in PyTorch's {@code (num_layers *
 * num_directions, B, H)} layout, batch-first and sequence-first.
 */
class SequenceFirstSeveralInputsTest {
  @TempDir Path dir;

  @Test
  void twoEncodersInEveryLayout() throws IOException {
    var model =
        RnncSequenceFirstSeveralInputsModels_TwoEncoders.load(file("seq_first_two_encoders"));
    JsonNode f = fixture("seq_first_two_encoders");
    float[][][] a = FixtureArrays.floats3(f.get("a"));
    float[][][] b = FixtureArrays.floats3(f.get("b"));
    float[][][] aFirst = FixtureArrays.floats3(f.get("a_sequence_first"));
    float[][][] bFirst = FixtureArrays.floats3(f.get("b_sequence_first"));
    float[][][] h0 = FixtureArrays.floats3(f.get("h_0"));
    float[][][] c0 = FixtureArrays.floats3(f.get("c_0"));
    assertClose("batch-first", f.get("expected"), model.classify(a, b));
    assertClose("batch-first from h_0", f.get("expected_from_h0"), model.classify(a, b, h0, c0));
    assertClose("sequence-first", f.get("expected"), model.classifySequenceFirst(aFirst, bFirst));
    assertClose(
        "sequence-first from h_0",
        f.get("expected_from_h0"),
        model.classifySequenceFirst(aFirst, bFirst, h0, c0));
    float[][] out = new float[4][3];
    model.classifySequenceFirstInto(aFirst, bFirst, out);
    assertClose("sequence-first into", f.get("expected"), out);
    assertClose(
        "sequence-first packed",
        f.get("expected_packed"),
        model.classifySequenceFirst(
            aFirst, ints(f.get("a_lengths")), bFirst, ints(f.get("b_lengths"))));
  }

  @Test
  void seq2seqReturnsItsSequenceSequenceFirst() throws IOException {
    var model = RnncSequenceFirstSeveralInputsModels_Seq2Seq.load(file("seq_first_seq2seq"));
    JsonNode f = fixture("seq_first_seq2seq");
    float[][][] source = FixtureArrays.floats3(f.get("source"));
    float[][][] target = FixtureArrays.floats3(f.get("target"));
    assertClose("decode", f.get("expected"), model.decode(source, target));
    float[][][] out = new float[4][4][4]; // (T, B, H)
    model.decodeInto(source, target, out);
    assertClose("decodeInto", f.get("expected"), out);
    assertClose(
        "decode packed",
        f.get("expected_packed"),
        model.decode(source, ints(f.get("source_lengths")), target, ints(f.get("target_lengths"))));
  }

  @Test
  void badSequenceFirstInputsAreRefusedNamingTheParameters() throws IOException {
    var model = RnncSequenceFirstSeveralInputsModels_Seq2Seq.load(file("seq_first_seq2seq"));
    var batches =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.decode(new float[5][3][2], new float[4][2][3]));
    assertEquals(
        "target: expected a batch of 3 samples, as source has, got 2", batches.getMessage());
    var timesteps =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.decode(new float[5][3][2], new float[3][3][3]));
    assertEquals(
        "target has 3 timesteps; expected sequence-first shape (timesteps, batch, features) ="
            + " (4, batch, 3)",
        timesteps.getMessage());
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
        SequenceFirstSeveralInputsTest.class.getResourceAsStream(
            "/fixtures/torch/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private Path file(String name) throws IOException {
    Path path = dir.resolve(name + ".safetensors");
    try (InputStream in =
        SequenceFirstSeveralInputsTest.class.getResourceAsStream(
            "/fixtures/torch/" + name + ".safetensors")) {
      Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
    }
    return path;
  }
}
