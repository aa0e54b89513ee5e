package dev.rnnc.callmasks;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.callmasks.CallMaskModels.SequenceCalls;
import dev.rnnc.callmasks.CallMaskModels.VectorCalls;
import dev.rnnc.parity.FixtureArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Masks passed at call time reproduce Keras 3.15's {@code model(x, mask=m)} (≤ 1e-5) in every call
 * form: one sample with {@code boolean[]}, a batch with {@code boolean[][]} or PyTorch-style {@code
 * int[] lengths}, and their {@code into} forms; rows full, right- and left-padded, with gaps and
 * empty, and the padding's values random (a mask alone must make them irrelevant). A call without a
 * mask on the same instance, right after masked ones, is the full-mask answer.
 */
class CallMasksTest {

  @Test
  void lstmSequenceIntoDense() throws IOException {
    sequences(
        "call_mask_lstm_seq",
        RnncCallMaskModels_CallMaskLstmSeq.load(weights("call_mask_lstm_seq")));
  }

  @Test
  void gruLastOutput() throws IOException {
    vectors(
        "call_mask_gru_last",
        RnncCallMaskModels_CallMaskGruLast.load(weights("call_mask_gru_last")));
  }

  @Test
  void simpleRnnBackwardsZeroOutputForMask() throws IOException {
    String name = "call_mask_simple_rnn_backwards_zero";
    sequences(name, RnncCallMaskModels_CallMaskSimpleRnnBackwardsZero.load(weights(name)));
  }

  @Test
  void bidirectionalLayers() throws IOException {
    String name = "call_mask_bidirectional";
    vectors(name, RnncCallMaskModels_CallMaskBidirectional.load(weights(name)));
  }

  @Test
  void stackedRecurrentLayers() throws IOException {
    String name = "call_mask_stacked_layers";
    vectors(name, RnncCallMaskModels_CallMaskStackedLayers.load(weights(name)));
  }

  @Test
  void rnnOverStackedAndCustomCells() throws IOException {
    String name = "call_mask_rnn_cells";
    vectors(name, RnncCallMaskModels_CallMaskRnnCells.load(weights(name)));
  }

  @Test
  void graphWithAMerge() throws IOException {
    String name = "call_mask_graph";
    vectors(name, RnncCallMaskModels_CallMaskGraph.load(weights(name)));
  }

  @Test
  void variableLengthRuns() throws IOException {
    String name = "call_mask_variable";
    var model = RnncCallMaskModels_CallMaskVariable.load(weights(name));
    JsonNode runs = fixture(name).get("runs");
    assertEquals(3, runs.size());
    for (JsonNode run : runs) {
      vectors(name + " T=" + run.get("timesteps").asInt(), model, run);
    }
  }

  @Test
  void badMasksThrowNamingTheParameter() throws IOException {
    var model = RnncCallMaskModels_CallMaskGruLast.load(weights("call_mask_gru_last"));
    float[][] x = new float[7][2];
    var wrong =
        assertThrows(IllegalArgumentException.class, () -> model.predict(x, new boolean[6]));
    assertTrue(
        wrong.getMessage().contains("mask has 6 entries; expected one per timestep"),
        wrong.getMessage());
    float[][][] batch = {x, x};
    var rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(batch, new boolean[][] {new boolean[7]}));
    assertTrue(
        rows.getMessage().contains("mask has 1 entries; expected one per sample of the batch (2)"),
        rows.getMessage());
    var length =
        assertThrows(IllegalArgumentException.class, () -> model.predict(batch, new int[] {7, 8}));
    assertTrue(
        length.getMessage().contains("lengths[1] is 8; expected a length in [0, 7]"),
        length.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.predict(x, (boolean[]) null));
  }

  private static void vectors(String name, VectorCalls model) {
    vectors(name, model, fixture(name));
  }

  private static void vectors(String name, VectorCalls model, JsonNode f) {
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    boolean[][] mask = booleans(f.get("mask"));
    int[] lengths = ints(f.get("lengths"));
    JsonNode expected = f.get("expected");
    JsonNode byLength = f.get("expected_lengths");
    int width = expected.get(0).size();
    for (int b = 0; b < x.length; b++) {
      assertClose(name + " sample " + b, expected.get(b), model.predict(x[b], mask[b]));
      float[] out = new float[width];
      model.predictInto(x[b], mask[b], out);
      assertClose(name + " into " + b, expected.get(b), out);
    }
    assertClose(name + " batch", expected, model.predict(x, mask));
    assertClose(name + " lengths", byLength, model.predict(x, lengths));
    float[][] out = new float[x.length][width];
    model.predictInto(x, mask, out);
    assertClose(name + " batch into", expected, out);
    model.predictInto(x, lengths, out);
    assertClose(name + " lengths into", byLength, out);
    // Row 0's mask is full: the call without a mask, after masked calls, gives the same answer.
    assertClose(name + " no mask", expected.get(0), model.predict(x[0]));
  }

  private static void sequences(String name, SequenceCalls model) {
    JsonNode f = fixture(name);
    float[][][] x = FixtureArrays.floats3(f.get("input"));
    boolean[][] mask = booleans(f.get("mask"));
    int[] lengths = ints(f.get("lengths"));
    JsonNode expected = f.get("expected");
    JsonNode byLength = f.get("expected_lengths");
    int timesteps = x[0].length;
    int width = expected.get(0).get(0).size();
    for (int b = 0; b < x.length; b++) {
      assertClose(name + " sample " + b, expected.get(b), model.predict(x[b], mask[b]));
      float[][] out = new float[timesteps][width];
      model.predictInto(x[b], mask[b], out);
      assertClose(name + " into " + b, expected.get(b), out);
    }
    assertClose(name + " batch", expected, model.predict(x, mask));
    assertClose(name + " lengths", byLength, model.predict(x, lengths));
    float[][][] out = new float[x.length][timesteps][width];
    model.predictInto(x, mask, out);
    assertClose(name + " batch into", expected, out);
    model.predictInto(x, lengths, out);
    assertClose(name + " lengths into", byLength, out);
    assertClose(name + " no mask", expected.get(0), model.predict(x[0]));
  }

  static boolean[][] booleans(JsonNode node) {
    boolean[][] out = new boolean[node.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new boolean[node.get(i).size()];
      for (int t = 0; t < out[i].length; t++) {
        out[i][t] = node.get(i).get(t).asBoolean();
      }
    }
    return out;
  }

  static int[] ints(JsonNode node) {
    int[] out = new int[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asInt();
    }
    return out;
  }

  static JsonNode fixture(String name) {
    try (InputStream in =
        CallMasksTest.class.getResourceAsStream("/fixtures/callmasks/" + name + ".json")) {
      assertNotNull(in, "missing fixture " + name + "; run tools/goldens/keras_call_masks.py");
      JsonNode node = new ObjectMapper().readTree(in);
      assertEquals(name, node.get("case").asText(), "fixture file and case name differ");
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path weights(String name) {
    return FixtureArrays.resource(
        "callmasks/" + name + ".weights.h5", "missing weights of " + name);
  }
}
