package dev.rnnc.states;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code returnState} on a layer before the last: the head's output and that layer's final states
 * equal the outputs of Keras' {@code Model(inputs, [head, h, c])} (≤ 1e-5), one sample at a time
 * and in batches.
 */
class MiddleStateTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir Path dir;

  @Test
  void chainReturnsTheEncodersStatesBesideTheHead() throws IOException {
    var model = RnncMiddleStateModels_MiddleLstm.load(weights("state_middle_lstm"));
    JsonNode fixture = fixture("state_middle_lstm");
    float[][][] x = input(fixture.get("input"));
    MiddleStateModels.Tagged[] batch = model.predict(x);
    for (int b = 0; b < x.length; b++) {
      var one = model.predict(x[b]);
      check(
          fixture,
          "state_middle_lstm sample " + b,
          b,
          List.of(one.head(), one.encoderH(), one.encoderC()));
      check(
          fixture,
          "state_middle_lstm batch sample " + b,
          b,
          List.of(batch[b].head(), batch[b].encoderH(), batch[b].encoderC()));
    }
  }

  @Test
  void bidirectionalReturnsEachDirectionsStateBesideTheHead() throws IOException {
    var model = RnncMiddleStateModels_MiddleBidiGru.load(weights("state_middle_bidi_gru"));
    JsonNode fixture = fixture("state_middle_bidi_gru");
    float[][][] x = input(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      var r = model.predict(x[b]);
      check(
          fixture,
          "state_middle_bidi_gru sample " + b,
          b,
          List.of(r.head(), r.encoderForwardH(), r.encoderBackwardH()));
    }
  }

  @Test
  void seq2seqDecoderReturnsItsStatesBesideTheHead() throws IOException {
    var model = RnncMiddleStateModels_MiddleSeq2Seq.load(weights("state_middle_seq2seq"));
    JsonNode fixture = fixture("state_middle_seq2seq");
    float[][][] x = input(fixture.get("input").get(0));
    float[][][] y = input(fixture.get("input").get(1));
    MiddleStateModels.Decoded[] batch = model.predict(x, y);
    for (int b = 0; b < x.length; b++) {
      var one = model.predict(x[b], y[b]);
      check(
          fixture,
          "state_middle_seq2seq sample " + b,
          b,
          List.of(one.head(), one.decoderH(), one.decoderC()));
      check(
          fixture,
          "state_middle_seq2seq batch sample " + b,
          b,
          List.of(batch[b].head(), batch[b].decoderH(), batch[b].decoderC()));
      // A call returning only the head computes the same head.
      ArrayAssert.assertBitIdentical(
          "state_middle_seq2seq heads " + b, one.head(), model.heads(x[b], y[b]));
    }
  }

  private static void check(JsonNode fixture, String context, int b, List<Object> actual) {
    assertEquals(fixture.get("outputs").size(), actual.size(), context + ": number of outputs");
    for (int k = 0; k < actual.size(); k++) {
      ArrayAssert.assertClose(
          context + " output " + k, fixture.get("outputs").get(k).get(b), actual.get(k), TOLERANCE);
    }
  }

  private static float[][][] input(JsonNode input) {
    float[][][] x = new float[input.size()][][];
    for (int b = 0; b < x.length; b++) {
      x[b] = new float[input.get(b).size()][];
      for (int t = 0; t < x[b].length; t++) {
        JsonNode step = input.get(b).get(t);
        x[b][t] = new float[step.size()];
        for (int f = 0; f < step.size(); f++) {
          x[b][t][f] = (float) step.get(f).asDouble();
        }
      }
    }
    return x;
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        MiddleStateTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private Path weights(String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + ".weights.h5")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
