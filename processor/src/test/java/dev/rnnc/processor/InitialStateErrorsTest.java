package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Initial states into and out of {@code @RNN} layers and passed to calls of models with several
 * inputs: one located error each, naming what was expected and what was found; and the forms that
 * compile without warnings.
 */
class InitialStateErrorsTest {
  /** A custom cell with one state of {@code units}. */
  private static final JavaFileObject ONE_STATE =
      JavaFileObjects.forSourceLines(
          "test.OneState",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.Cell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell(stateSizes = RnnCell.UNITS)",
          "public final class OneState implements Cell {",
          "  public OneState(int inputSize, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
          "}");

  private static void assertSingleError(
      Compilation c, JavaFileObject src, String id, String line, String text) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  /** A one-input model named {@code x}, (5, 2) floats, with the given members. */
  private static JavaFileObject graph(String... body) {
    String[] lines = new String[body.length + 3];
    lines[0] = "@RnnModel(input = @Input(name = \"x\", timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    System.arraycopy(body, 0, lines, 2, body.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  /** The guide's encoder-decoder over two token inputs, with the given call methods. */
  private static JavaFileObject seq2seq(String decoderStates, String... calls) {
    String[] lines = new String[calls.length + 9];
    lines[0] = "@RnnModel(input = {@Input(name = \"encoderTokens\", dtype = Input.Dtype.INT32),";
    lines[1] = "    @Input(name = \"decoderTokens\", dtype = Input.Dtype.INT32)})";
    lines[2] = "interface T {";
    lines[3] =
        "  @Embedding(inputDim = 50, outputDim = 8) Layer encoderEmbedding(Layer encoderTokens);";
    lines[4] = "  @LSTM(units = 16, returnState = true) Layer encoder();";
    lines[5] =
        "  @Embedding(inputDim = 60, outputDim = 8) Layer decoderEmbedding(Layer decoderTokens);";
    lines[6] = "  @LSTM(units = 16) Layer decoder(Layer decoderEmbedding" + decoderStates + ");";
    lines[7] = "  @Dense(units = 10) Layer head();";
    System.arraycopy(calls, 0, lines, 8, calls.length);
    lines[lines.length - 1] = "}";
    return model("T", lines);
  }

  @Test
  void initialStatesIntoAndOutOfRnnLayersCompile() {
    JavaFileObject src =
        graph(
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = OneState.class, units = 3)},",
            "      returnSequences = true, returnState = true) Layer encoder(Layer x);",
            "  @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class, units = 4),",
            "      @Cell(type = SimpleRNNCell.class, units = 3)}, returnSequences = true) Layer decoder(Layer encoder,",
            "      @InitialState(\"encoder\") Layer states);",
            "  @RNN(cell = OneState.class, units = 2) Layer last();",
            "  float[] predict(float[][] x, float[] h0, float[] c0, float[] state1);",
            "  float[] predict(float[][] x);");
    assertThat(compile(ONE_STATE, src)).succeededWithoutWarnings();
  }

  @Test
  void lstmStatesIntoAStackThatTakesMore() {
    JavaFileObject src =
        graph(
            "  @LSTM(units = 4, returnState = true) Layer encoder(Layer x);",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 5)})",
            "  Layer decoder(Layer x, @InitialState Layer encoder);",
            "  float[] predict(float[][] x);");
    assertSingleError(
        compile(src),
        src,
        "RnncInitialStateMismatch",
        "@InitialState Layer encoder",
        "decoder starts from the final states of encoder, but they do not fit: encoder returns (h of width 4, c of width 4), "
            + "decoder takes (h0 of width 4, c0 of width 4, h1 of width 5, c1 of width 5)");
  }

  @Test
  void gruStateIntoACustomCellOfAnotherWidth() {
    JavaFileObject src =
        graph(
            "  @GRU(units = 5, returnSequences = true, returnState = true) Layer encoder(Layer x);",
            "  @RNN(cell = OneState.class, units = 6) Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer states);",
            "  float[] predict(float[][] x);");
    assertSingleError(
        compile(ONE_STATE, src),
        src,
        "RnncInitialStateMismatch",
        "@InitialState(\"encoder\") Layer states",
        "encoder returns (h of width 5), decoder takes (state of width 6)");
  }

  @Test
  void rnnSourceWithoutReturnState() {
    JavaFileObject src =
        graph(
            "  @RNN(cell = OneState.class, units = 4, returnSequences = true) Layer encoder(Layer x);",
            "  @GRU(units = 4) Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer states);",
            "  float[] predict(float[][] x);");
    assertSingleError(
        compile(ONE_STATE, src),
        src,
        "RnncInitialStateSource",
        "@InitialState(\"encoder\") Layer states",
        "encoder does not set returnState = true");
  }

  @Test
  void severalInputsCallStatesCompile() {
    assertThat(
            compile(
                seq2seq(
                    ", @InitialState Layer encoder",
                    "  float[] predict(int[] encoderTokens, int[] decoderTokens, float[] h, float[] c);",
                    "  float[] predict(int[] encoderTokens, int[] decoderTokens);")))
        .succeededWithoutWarnings();
  }

  @Test
  void severalInputsBatchAndIntoCallsPassStates() {
    assertThat(
            compile(
                seq2seq(
                    ", @InitialState Layer encoder",
                    "  float[][] predict(int[][] encoderTokens, int[][] decoderTokens, float[][] h, float[][] c);",
                    "  void predictInto(int[] encoderTokens, int[] decoderTokens, float[] h, float[] c, float[] out);",
                    "  void predictInto(int[][] encoderTokens, int[][] decoderTokens, float[][] h, float[][] c, float[][] out);")))
        .succeededWithoutWarnings();
  }

  @Test
  void batchCallWithOneSampleStatesIsRefused() {
    JavaFileObject src =
        seq2seq(
            ", @InitialState Layer encoder",
            "  float[][] predict(int[][] encoderTokens, int[][] decoderTokens, float[] h, float[] c);");
    assertSingleError(
        compile(src),
        src,
        "RnncCallSignature",
        "float[] c);",
        "a batch passes float[][] with a row per sample");
  }

  @Test
  void severalInputsCallWithAStateMissing() {
    JavaFileObject src =
        seq2seq(
            ", @InitialState Layer encoder",
            "  float[] predict(int[] encoderTokens, int[] decoderTokens, float[] h);");
    assertSingleError(
        compile(src),
        src,
        "RnncCallSignature",
        "float[] h);",
        "float[] predict(int[] encoderTokens, int[] decoderTokens, float[] h0, float[] c0) (initial states of encoder"
            + "; a batch passes float[][] with a row per sample, an into call puts the output array last)");
  }

  @Test
  void severalInputsCallWithAStateTooMany() {
    JavaFileObject src =
        seq2seq(
            ", @InitialState Layer encoder",
            "  float[] predict(int[] encoderTokens, int[] decoderTokens, float[] h, float[] c, float[] more);");
    assertSingleError(
        compile(src),
        src,
        "RnncCallSignature",
        "float[] more);",
        "(initial states of encoder; a batch passes float[][]");
  }

  @Test
  void callStatesWithoutARecurrentLayer() {
    JavaFileObject src =
        graph(
            "  @Dense(units = 4) Layer head(Layer x);",
            "  float[][] predict(float[][] x, float[] h);");
    assertSingleError(
        compile(src),
        src,
        "RnncCallInitialStates",
        "float[][] predict(float[][] x, float[] h)",
        "call method float[][] predict(float[][], float[]) passes 1 initial state(s) after its inputs, "
            + "but the model has no recurrent layer to take them");
  }

  @Test
  void initialStatesIntoAndOutOfBidirectionalStacksCompile() {
    JavaFileObject src =
        graph(
            "  @Bidirectional @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},",
            "      returnSequences = true, returnState = true) Layer encoder(Layer x);",
            "  @Bidirectional(mergeMode = \"sum\") @RNN(cells = {@Cell(type = LSTMCell.class, units = 4),",
            "      @Cell(type = GRUCell.class, units = 3)}, returnSequences = true, returnState = true)",
            "  Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer states);",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3),",
            "      @Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)})",
            "  Layer last(Layer decoder, @InitialState(\"decoder\") Layer s);",
            "  float[] predict(float[][] x);");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void lstmStatesIntoABidirectionalStackThatTakesMore() {
    JavaFileObject src =
        graph(
            "  @LSTM(units = 4, returnState = true) Layer encoder(Layer x);",
            "  @Bidirectional @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)})",
            "  Layer decoder(Layer x, @InitialState Layer encoder);",
            "  float[] predict(float[][] x);");
    assertSingleError(
        compile(src),
        src,
        "RnncInitialStateMismatch",
        "@InitialState Layer encoder",
        "decoder starts from the final states of encoder, but they do not fit: encoder returns (h of width 4, c of width 4), "
            + "decoder takes (forward h0 of width 4, forward c0 of width 4, forward h1 of width 3, "
            + "backward h0 of width 4, backward c0 of width 4, backward h1 of width 3)");
  }

  @Test
  void bidirectionalStackStatesOfAnotherWidth() {
    JavaFileObject src =
        graph(
            "  @Bidirectional @RNN(cells = {@Cell(type = GRUCell.class, units = 5), @Cell(type = GRUCell.class, units = 5)},",
            "      returnState = true) Layer encoder(Layer x);",
            "  @Bidirectional @LSTM(units = 4) Layer decoder(Layer x, @InitialState Layer encoder);",
            "  float[] predict(float[][] x);");
    assertSingleError(
        compile(src),
        src,
        "RnncInitialStateMismatch",
        "@InitialState Layer encoder",
        "encoder returns (forward h0 of width 5, forward h1 of width 5, backward h0 of width 5, "
            + "backward h1 of width 5), decoder takes (forward h of width 4, forward c of width 4, "
            + "backward h of width 4, backward c of width 4)");
  }

  @Test
  void bidirectionalStackSourceWithoutReturnState() {
    JavaFileObject src =
        graph(
            "  @Bidirectional @RNN(cells = {@Cell(type = GRUCell.class, units = 4)}, returnSequences = true)",
            "  Layer encoder(Layer x);",
            "  @GRU(units = 4) Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer states);",
            "  float[] predict(float[][] x);");
    assertSingleError(
        compile(src),
        src,
        "RnncInitialStateSource",
        "@InitialState(\"encoder\") Layer states",
        "encoder does not set returnState = true");
  }
}
