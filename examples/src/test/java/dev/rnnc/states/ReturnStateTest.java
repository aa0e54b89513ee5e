package dev.rnnc.states;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code returnState} and initial states passed to calls: outputs and final states equal Keras'
 * model outputs (≤ 1e-5) for the same inputs and initial states.
 */
class ReturnStateTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir Path dir;

  @Test
  void lstmReturnsOutputHAndC() throws IOException {
    var model = RnncStateModels_StateLstm.load(weights("state_lstm"));
    check("state_lstm", model::encode, r -> List.of(r.output(), r.h(), r.c()));
    JsonNode fixture = fixture("state_lstm");
    var batch = model.encode(inputs(fixture));
    for (int b = 0; b < batch.length; b++) {
      compare("state_lstm batch sample " + b, fixture.get("outputs").get(2).get(b), batch[b].c());
    }
    // Without masks the output is h.
    ArrayAssert.assertBitIdentical(
        "state_lstm predict vs. h", model.predict(inputs(fixture)[0]), batch[0].h());
  }

  @Test
  void gruSequenceWithFinalState() throws IOException {
    check(
        "state_gru_seq",
        RnncStateModels_StateGruSeq.load(weights("state_gru_seq"))::encode,
        r -> List.of(r.output(), r.h()));
  }

  @Test
  void bidirectionalReturnsForwardThenBackwardStates() throws IOException {
    check(
        "state_bidi_lstm",
        RnncStateModels_StateBidiLstm.load(weights("state_bidi_lstm"))::encode,
        r -> List.of(r.output(), r.forwardH(), r.forwardC(), r.backwardH(), r.backwardC()));
  }

  @Test
  void maskedStatesAreThoseOfTheLastRealStep() throws IOException {
    var model = RnncStateModels_StateMaskedLstm.load(weights("state_masked_lstm"));
    check("state_masked_lstm", model::encode, r -> List.of(r.output(), r.h(), r.c()));
    // Right-padded row with zeroOutputForMask: the output is zero while h is not.
    var padded = model.encode(inputs(fixture("state_masked_lstm"))[0]);
    assertTrue(isZero(padded.output()) && !isZero(padded.h()));
  }

  @Test
  void stackedLastLayerReturnsItsState() throws IOException {
    check(
        "state_stacked",
        RnncStateModels_StateStacked.load(weights("state_stacked"))::encode,
        r -> List.of(r.output(), r.h()));
  }

  @Test
  void decoderStartsFromTheGivenStates() throws IOException {
    var model = RnncStateModels_InitialLstm.load(weights("initial_lstm"));
    JsonNode fixture = fixture("initial_lstm");
    checkWithStates("initial_lstm", (x, s) -> List.of((Object) model.decode(x, s[0], s[1])));
    // The states are used for that call only: a plain call starts from zeros again, and differs.
    float[][] x = inputs(fixture)[0];
    float[][] fromZeros = model.predict(x);
    float[][] fromStates = model.decode(x, states(fixture, 0)[0], states(fixture, 0)[1]);
    assertTrue(fromZeros[0][0] != fromStates[0][0]);
    ArrayAssert.assertBitIdentical(
        "initial_lstm from zeros, again", fromZeros[5], model.predict(x)[5]);
  }

  @Test
  void batchAndIntoCallsPassEachSampleItsStates() throws IOException {
    var model = RnncStateModels_InitialLstm.load(weights("initial_lstm"));
    JsonNode fixture = fixture("initial_lstm");
    float[][][] x = inputs(fixture);
    float[][] h = new float[x.length][];
    float[][] c = new float[x.length][];
    for (int b = 0; b < x.length; b++) {
      h[b] = states(fixture, b)[0];
      c[b] = states(fixture, b)[1];
    }
    float[][][] batch = model.decode(x, h, c);
    float[][][] into = new float[x.length][6][4];
    model.decode(x, h, c, into);
    float[][] one = new float[6][4];
    for (int b = 0; b < x.length; b++) {
      model.decode(x[b], h[b], c[b], one);
      for (Object actual : List.of(batch[b], into[b], one)) {
        compare("initial_lstm sample " + b, fixture.get("outputs").get(0).get(b), actual);
      }
    }
  }

  @Test
  void batchOfInitialStatesInFinalStatesOut() throws IOException {
    var model = RnncStateModels_InitialGruState.load(weights("initial_gru_state"));
    JsonNode fixture = fixture("initial_gru_state");
    float[][][] x = inputs(fixture);
    float[][] h = new float[x.length][];
    for (int b = 0; b < x.length; b++) {
      h[b] = states(fixture, b)[0];
    }
    var results = model.decode(x, h);
    for (int b = 0; b < x.length; b++) {
      compare(
          "initial_gru_state sample " + b + " output",
          fixture.get("outputs").get(0).get(b),
          results[b].output());
      compare(
          "initial_gru_state sample " + b + " h",
          fixture.get("outputs").get(1).get(b),
          results[b].h());
    }
  }

  @Test
  void initialStateInFinalStateOut() throws IOException {
    var model = RnncStateModels_InitialGruState.load(weights("initial_gru_state"));
    checkWithStates(
        "initial_gru_state",
        (x, s) -> {
          var r = model.decode(x, s[0]);
          return List.of(r.output(), r.h());
        });
  }

  @Test
  void maskedStepsKeepTheInitialStates() throws IOException {
    var model = RnncStateModels_InitialMaskedLstm.load(weights("initial_masked_lstm"));
    checkWithStates("initial_masked_lstm", (x, s) -> List.of((Object) model.decode(x, s[0], s[1])));
  }

  @Test
  void bidirectionalTakesForwardThenBackwardStates() throws IOException {
    var model = RnncStateModels_InitialBidiLstm.load(weights("initial_bidi_lstm"));
    checkWithStates(
        "initial_bidi_lstm", (x, s) -> List.of((Object) model.encode(x, s[0], s[1], s[2], s[3])));
  }

  @Test
  void initialStateOfTheWrongWidthIsRejected() throws IOException {
    var model = RnncStateModels_InitialLstm.load(weights("initial_lstm"));
    var error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> model.decode(new float[6][3], new float[4], new float[5]));
    assertEquals("h: expected shape (5,), got (4,)", error.getMessage());
  }

  private void checkWithStates(
      String name, java.util.function.BiFunction<float[][], float[][], List<Object>> call)
      throws IOException {
    JsonNode fixture = fixture(name);
    float[][][] x = inputs(fixture);
    for (int b = 0; b < x.length; b++) {
      List<Object> actual = call.apply(x[b], states(fixture, b));
      assertEquals(fixture.get("outputs").size(), actual.size(), name + ": number of outputs");
      for (int k = 0; k < actual.size(); k++) {
        compare(
            name + " sample " + b + " output " + k,
            fixture.get("outputs").get(k).get(b),
            actual.get(k));
      }
    }
  }

  /** Sample {@code b}'s initial states, in the fixture's order. */
  private static float[][] states(JsonNode fixture, int b) {
    JsonNode states = fixture.get("initial_states");
    float[][] out = new float[states.size()][];
    for (int k = 0; k < out.length; k++) {
      JsonNode row = states.get(k).get(b);
      out[k] = new float[row.size()];
      for (int j = 0; j < row.size(); j++) {
        out[k][j] = (float) row.get(j).asDouble();
      }
    }
    return out;
  }

  private <R> void check(String name, Function<float[][], R> call, Function<R, List<Object>> parts)
      throws IOException {
    JsonNode fixture = fixture(name);
    float[][][] x = inputs(fixture);
    for (int b = 0; b < x.length; b++) {
      List<Object> actual = parts.apply(call.apply(x[b]));
      assertEquals(fixture.get("outputs").size(), actual.size(), name + ": number of outputs");
      for (int k = 0; k < actual.size(); k++) {
        compare(
            name + " sample " + b + " output " + k,
            fixture.get("outputs").get(k).get(b),
            actual.get(k));
      }
    }
  }

  private static void compare(String context, JsonNode expected, Object actual) {
    ArrayAssert.assertClose(context, expected, actual, TOLERANCE);
  }

  private static boolean isZero(float[] values) {
    for (float v : values) {
      if (v != 0f) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        ReturnStateTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
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

  private static float[][][] inputs(JsonNode fixture) {
    JsonNode input = fixture.get("input");
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
}
