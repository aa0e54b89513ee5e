package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Initial states passed to calls of models with several inputs and into {@code @RNN} layers, and
 * {@code @InitialState} from and into {@code @RNN} layers, against real Keras 3.15.1 functional
 * models (≤ 1e-5; fixtures: tools/goldens/keras_initial_states_graphs_cells.py).
 */
class InitialStateParityTest {
  @TempDir Path dir;

  private static GraphFixture read(String name) throws IOException {
    return GraphFixture.read("initial_states", name);
  }

  @Test
  void severalInputsCallPassesTheFirstRecurrentLayersStates() throws IOException {
    GraphFixture fixture = read("seq2seq_call_states");
    var model = RnncInitialStateModels_Seq2SeqCallStates.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture,
        (b, f) ->
            model.predict(
                f.tokens(b, "encoderTokens"),
                f.tokens(b, "decoderTokens"),
                f.vector(b, "h"),
                f.vector(b, "c")));
    // The states hold for that call only: the next call without them starts from zeros again.
    float[] zeros =
        model.predict(
            fixture.tokens(0, "encoderTokens"),
            fixture.tokens(0, "decoderTokens"),
            new float[16],
            new float[16]);
    model.predict(
        fixture.tokens(1, "encoderTokens"),
        fixture.tokens(1, "decoderTokens"),
        fixture.vector(1, "h"),
        fixture.vector(1, "c"));
    assertArrayEquals(
        zeros,
        model.predict(fixture.tokens(0, "encoderTokens"), fixture.tokens(0, "decoderTokens")));
  }

  @Test
  void batchAndIntoCallsPassEachSampleItsStates() throws IOException {
    GraphFixture fixture = read("seq2seq_call_states");
    var model = RnncInitialStateModels_Seq2SeqCallStates.load(fixture.weights(dir));
    int n = fixture.samples();
    int[][] encoder = new int[n][];
    int[][] decoder = new int[n][];
    float[][] h = new float[n][];
    float[][] c = new float[n][];
    for (int b = 0; b < n; b++) {
      encoder[b] = fixture.tokens(b, "encoderTokens");
      decoder[b] = fixture.tokens(b, "decoderTokens");
      h[b] = fixture.vector(b, "h");
      c[b] = fixture.vector(b, "c");
    }
    float[][] batch = model.predict(encoder, decoder, h, c);
    float[][] into = new float[n][10];
    model.predictInto(encoder, decoder, h, c, into);
    float[] one = new float[10];
    for (int b = 0; b < n; b++) {
      fixture.assertOutput(b, batch[b]);
      fixture.assertOutput(b, into[b]);
      model.predictInto(encoder[b], decoder[b], h[b], c[b], one);
      fixture.assertOutput(b, one);
    }
    // A batch of states must match the batch of inputs, row by row, before anything runs.
    var count =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(encoder, decoder, h, java.util.Arrays.copyOf(c, n - 1)));
    assertEquals(
        "c: expected a batch of " + n + " samples, as encoderTokens has, got " + (n - 1),
        count.getMessage());
    float[][] narrow = c.clone();
    narrow[1] = new float[15];
    var width =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predictInto(encoder, decoder, h, narrow, into));
    assertEquals("c[1]: expected shape (16,), got (15,)", width.getMessage());
  }

  @Test
  void wrongStateWidthIsRefusedBeforeAnythingRuns() throws IOException {
    GraphFixture fixture = read("seq2seq_call_states");
    var model = RnncInitialStateModels_Seq2SeqCallStates.load(fixture.weights(dir));
    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(new int[] {1, 2}, new int[] {3}, new float[16], new float[15]));
    assertFalse(error.getMessage().isEmpty());
    assertEquals(true, error.getMessage().startsWith("c"), error.getMessage());
    // nothing was half-set: a plain call still matches Keras with zero states
    float[] zeros =
        model.predict(
            fixture.tokens(0, "encoderTokens"),
            fixture.tokens(0, "decoderTokens"),
            new float[16],
            new float[16]);
    assertArrayEquals(
        zeros,
        model.predict(fixture.tokens(0, "encoderTokens"), fixture.tokens(0, "decoderTokens")));
  }

  @Test
  void lstmStatesStartAStackOfGruCellsByPosition() throws IOException {
    GraphFixture fixture = read("lstm_into_gru_stack");
    var model = RnncInitialStateModels_LstmIntoGruStack.load(fixture.weights(dir));
    GraphParityTest.check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void stackStatesStartAnotherStack() throws IOException {
    GraphFixture fixture = read("stack_into_stack");
    var model = RnncInitialStateModels_StackIntoStack.load(fixture.weights(dir));
    GraphParityTest.check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void customCellStatesFlowIntoAndOutOfCustomCells() throws IOException {
    GraphFixture fixture = read("custom_cell_states");
    var model = RnncInitialStateModels_CustomCellStates.load(fixture.weights(dir));
    GraphParityTest.check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void callPassesTheStateOfAFirstCustomCell() throws IOException {
    GraphFixture fixture = read("call_states_custom_cell");
    var model = RnncInitialStateModels_CallStatesCustomCell.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture, (b, f) -> model.predict(f.sequence(b, "x"), f.vector(b, "state")));
  }

  @Test
  void callPassesEveryStateOfAFirstStack() throws IOException {
    GraphFixture fixture = read("call_states_stack");
    var model = RnncInitialStateModels_CallStatesStack.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture,
        (b, f) ->
            model.predict(
                f.sequence(b, "x"), f.vector(b, "h0"), f.vector(b, "c0"), f.vector(b, "h1")));
    float[] zeros =
        model.predict(fixture.sequence(0, "x"), new float[3], new float[3], new float[4]);
    assertArrayEquals(zeros, model.predict(fixture.sequence(0, "x")));
    assertThrows(
        IllegalArgumentException.class,
        () -> model.predict(fixture.sequence(0, "x"), new float[3], new float[3], new float[3]));
  }
}
