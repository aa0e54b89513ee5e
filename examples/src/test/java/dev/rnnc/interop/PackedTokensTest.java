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
 * {@code @Packed int[] lengths} after token ids computes what PyTorch 2.13 computes on {@code
 * pack_padded_sequence(embed(ids), lengths)} (≤ 1e-5; fixtures:
 * tools/goldens/pytorch_packed_tokens.py): outputs zero past each row's length, h_n and c_n of its
 * last real step, a reverse direction starting there; from zero states and from PyTorch's h_0. The
 * fixtures' padding ids are random and non-zero, which PyTorch never reads.
 */
class PackedTokensTest {
  @TempDir Path dir;

  @Test
  void embeddedLstmTaggerMatchesPyTorch() throws IOException {
    var model = RnncPackedTokensModels_TokenTagger.load(file("packed_tokens_lstm_tagger"));
    JsonNode f = fixture("packed_tokens_lstm_tagger");
    int[][] ids = ints2(f.get("ids"));
    int[] lengths = ints(f.get("lengths"));
    assertClose("tag", f.get("expected"), model.tag(ids, lengths));
    float[][][] out = new float[ids.length][ids[0].length][2];
    model.tagInto(ids, lengths, out);
    assertClose("tagInto", f.get("expected"), out);
    PackedTokensModels.Tagged[] tagged = model.tagWithStates(ids, lengths);
    for (int b = 0; b < ids.length; b++) {
      assertClose("head " + b, f.get("expected").get(b), tagged[b].head());
      assertClose("h_n " + b, f.get("h_n").get(0).get(b), tagged[b].encoderH());
      assertClose("c_n " + b, f.get("c_n").get(0).get(b), tagged[b].encoderC());
    }
    PackedTokensModels.Tagged[] fromH0 =
        model.tagWithStates(
            ids, lengths, FixtureArrays.floats3(f.get("h_0")), FixtureArrays.floats3(f.get("c_0")));
    for (int b = 0; b < ids.length; b++) {
      assertClose("head from h_0 " + b, f.get("expected_from_h0").get(b), fromH0[b].head());
      assertClose("h_n from h_0 " + b, f.get("h_n_from_h0").get(0).get(b), fromH0[b].encoderH());
      assertClose("c_n from h_0 " + b, f.get("c_n_from_h0").get(0).get(b), fromH0[b].encoderC());
    }
    // the first row is whole (length 7): the call without lengths agrees on it
    assertClose(
        "whole row without lengths", f.get("expected").get(0), model.tag(new int[][] {ids[0]})[0]);
  }

  @Test
  void embeddedBidirectionalGruStartsItsReverseAtTheLastRealStep() throws IOException {
    var model = RnncPackedTokensModels_TokenBiGru.load(file("packed_tokens_bidirectional_gru"));
    JsonNode f = fixture("packed_tokens_bidirectional_gru");
    int[][] ids = ints2(f.get("ids"));
    int[] lengths = ints(f.get("lengths"));
    PackedTokensModels.GruStates[] zero = model.run(ids, lengths);
    PackedTokensModels.GruStates[] fromH0 =
        model.run(ids, lengths, FixtureArrays.floats3(f.get("h_0")));
    for (String run : new String[] {"", "_from_h0"}) {
      PackedTokensModels.GruStates[] states = run.isEmpty() ? zero : fromH0;
      for (int b = 0; b < ids.length; b++) {
        assertClose("output" + run + " " + b, f.get("expected" + run).get(b), states[b].encoder());
        assertEquals(4, states[b].encoderHN().length, "num_layers * num_directions rows");
        for (int row = 0; row < 4; row++) {
          assertClose(
              "h_n" + run + " " + row + " " + b,
              f.get("h_n" + run).get(row).get(b),
              states[b].encoderHN()[row]);
        }
      }
    }
  }

  @Test
  void badLengthsAreRefusedNamingExpectedAndActual() throws IOException {
    var model = RnncPackedTokensModels_TokenTagger.load(file("packed_tokens_lstm_tagger"));
    int[][] ids = {{1, 2, 3}, {4, 5}};
    assertEquals(
        "lengths[1] is 3; expected a length in [0, 2], the timesteps of sample 1",
        assertThrows(IllegalArgumentException.class, () -> model.tag(ids, new int[] {3, 3}))
            .getMessage());
    assertEquals(
        "lengths has 1 entries; expected one per sample of the batch (2)",
        assertThrows(IllegalArgumentException.class, () -> model.tag(ids, new int[] {3}))
            .getMessage());
  }

  private static int[][] ints2(JsonNode node) {
    int[][] values = new int[node.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = ints(node.get(i));
    }
    return values;
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
        PackedTokensTest.class.getResourceAsStream("/fixtures/torch/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private Path file(String name) throws IOException {
    Path path = dir.resolve(name + ".safetensors");
    try (InputStream in =
        PackedTokensTest.class.getResourceAsStream("/fixtures/torch/" + name + ".safetensors")) {
      Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
    }
    return path;
  }
}
