package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @RNN(cells = {...})} and the {@code @RNN} options: each error is reported at the value
 * that is wrong, nested {@code @Cell} values included.
 */
class StackedCellErrorsTest {
  /** A custom cell with two states, taking any input width. */
  private static final JavaFileObject GOOD_CELL =
      cell("Good", "@RnnCell(stateSizes = {RnnCell.UNITS, 3})");

  /** A custom cell that only takes inputs of width 3. */
  private static final JavaFileObject FIXED_CELL = cell("Fixed", "@RnnCell(inputSize = 3)");

  private static JavaFileObject cell(String name, String annotation) {
    return JavaFileObjects.forSourceLines(
        "test." + name,
        "package test;",
        "import dev.rnnc.annotations.RnnCell;",
        "import dev.rnnc.runtime.Cell;",
        "import dev.rnnc.runtime.Variable;",
        "import java.util.List;",
        annotation,
        "public final class " + name + " implements Cell {",
        "  public " + name + "(int inputSize, int units) {}",
        "  public List<Variable> variables() { return List.of(); }",
        "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
        "}");
  }

  private static JavaFileObject modelWith(String... lines) {
    String[] all = new String[lines.length + 4];
    all[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    all[1] = "interface M {";
    System.arraycopy(lines, 0, all, 2, lines.length);
    all[lines.length + 2] = "  float[] predict(float[][] x);";
    all[lines.length + 3] = "}";
    return model("M", all);
  }

  private static void assertSingleError(Compilation c, JavaFileObject src, String id, String line) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void aStackOfBuiltInAndCustomCellsCompiles() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = {",
            "      @Cell(type = LSTMCell.class, units = 4, unitForgetBias = false),",
            "      @Cell(type = GRUCell.class, units = 3, resetAfter = false, recurrentActivation = \"hard_sigmoid\"),",
            "      @Cell(type = Good.class, units = 5),",
            "      @Cell(type = SimpleRNNCell.class, units = 2, activation = \"relu\", useBias = false)})",
            "  Layer stack();");
    assertThat(compile(GOOD_CELL, src)).succeededWithoutWarnings();
  }

  @Test
  void bothCellAndCells() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cell = Good.class, units = 4,",
            "      cells = @Cell(type = LSTMCell.class, units = 4))",
            "  Layer stack();");
    Compilation c = compile(GOOD_CELL, src);
    assertSingleError(c, src, "RnncRnnCellOrCells", "cells = @Cell(type = LSTMCell.class");
    assertThat(c).hadErrorContaining("both are given");
  }

  @Test
  void neitherCellNorCells() {
    JavaFileObject src = modelWith("  @RNN(returnSequences = true) Layer stack();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncRnnCellOrCells", "@RNN(returnSequences = true)");
    assertThat(c).hadErrorContaining("neither is given");
  }

  @Test
  void unitsOnAStack() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = @Cell(type = LSTMCell.class, units = 4),",
            "      units = 8)",
            "  Layer stack();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncRnnCellOrCells", "units = 8)");
    assertThat(c).hadErrorContaining("each @Cell has its own units");
  }

  @Test
  void anOptionTheCellDoesNotHave() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = {",
            "      @Cell(type = GRUCell.class, units = 3),",
            "      @Cell(type = LSTMCell.class, units = 4, resetAfter = false)})",
            "  Layer stack();");
    Compilation c = compile(src);
    assertSingleError(
        c, src, "RnncCellOption", "@Cell(type = LSTMCell.class, units = 4, resetAfter = false)");
    assertThat(c)
        .hadErrorContaining(
            "LSTMCell has no option resetAfter; LSTMCell takes units, activation,"
                + " recurrentActivation, useBias, unitForgetBias");
  }

  @Test
  void recurrentActivationOnASimpleRnnCell() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = @Cell(type = SimpleRNNCell.class, units = 4,",
            "      recurrentActivation = \"sigmoid\"))",
            "  Layer stack();");
    assertSingleError(compile(src), src, "RnncCellOption", "recurrentActivation = \"sigmoid\"");
  }

  @Test
  void kerasOptionsOnACustomCell() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4),",
            "      @Cell(type = Good.class, units = 4, activation = \"relu\")})",
            "  Layer stack();");
    Compilation c = compile(GOOD_CELL, src);
    assertSingleError(c, src, "RnncCellOption", "activation = \"relu\"");
    assertThat(c).hadErrorContaining("a custom cell takes only type and units");
  }

  @Test
  void aBuiltInCellAsTheSingleCell() {
    JavaFileObject src = modelWith("  @RNN(cell = GRUCell.class, units = 4) Layer stack();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncBuiltinCellAlone", "cell = GRUCell.class");
    assertThat(c)
        .hadErrorContaining(
            "declare cells = @Cell(type = GRUCell.class, units = ...), or use @GRU");
  }

  @Test
  void nonPositiveUnitsInACell() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4),",
            "      @Cell(type = GRUCell.class, units = 0)})",
            "  Layer stack();");
    assertSingleError(
        compile(src), src, "RnncUnitsNotPositive", "@Cell(type = GRUCell.class, units = 0)");
  }

  @Test
  void unknownActivationInACell() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = @Cell(type = LSTMCell.class, units = 4,",
            "      recurrentActivation = \"sigmod\"))",
            "  Layer stack();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncUnknownActivation", "recurrentActivation = \"sigmod\"");
    assertThat(c).hadErrorContaining("unknown activation \"sigmod\"");
  }

  @Test
  void softmaxInACell() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = @Cell(type = SimpleRNNCell.class, units = 4,",
            "      activation = \"softmax\"))",
            "  Layer stack();");
    assertSingleError(compile(src), src, "RnncSoftmaxOnlyDense", "activation = \"softmax\"");
  }

  @Test
  void aStackedClassThatIsNotACell() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4),",
            "      @Cell(type = String.class, units = 4)})",
            "  Layer stack();");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncCellNotACell] the cell String must implement dev.rnnc.runtime.Cell")
        .inFile(src)
        .onLineContaining("type = String.class");
  }

  @Test
  void aStackedCellWhoseInputIsThePreviousCellsOutput() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4),",
            "      @Cell(type = Fixed.class, units = 2)})",
            "  Layer stack();");
    Compilation c = compile(FIXED_CELL, src);
    assertSingleError(c, src, "RnncCellInputSize", "@Cell(type = Fixed.class, units = 2)");
    assertThat(c)
        .hadErrorContaining(
            "the cell Fixed takes inputs of width 3, but cell 0 (LSTMCell) of stack outputs (4,)"
                + " per timestep");
  }

  @Test
  void returnStateBeforeTheLastLayerWarnsWhenNothingReturnsIt() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = @Cell(type = LSTMCell.class, units = 4),",
            "      returnState = true)",
            "  Layer stack();",
            "  @Dense(units = 1) Layer head();");
    Compilation c = javacWithoutWerror(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("[RnncReturnStateUnused] returnState on stack")
        .inFile(src)
        .onLineContaining("returnState = true)");
  }

  @Test
  void stackStatesBesideTheHeadsOutput() {
    JavaFileObject src =
        modelWith(
            "  record Out(float[] head, float[] stackH0, float[] stackC0) {}",
            "  @RNN(cells = @Cell(type = LSTMCell.class, units = 4), returnState = true)",
            "  Layer stack();",
            "  @Dense(units = 1) Layer head();",
            "  Out both(float[][] x);");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void aRecordThatMissesAStackedState() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  record Out(float[] output, float[] h0, float[] c0) {}",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)}, returnState = true)",
            "  Layer stack();",
            "  Out encode(float[][] x);",
            "}");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RnncCallRecord]")
        .inFile(src)
        .onLineContaining("Out encode(float[][] x);");
    assertThat(c).hadErrorContaining("(float[] output, float[] h0, float[] c0, float[] h1)");
  }

  @Test
  void aStatefulStackTakesNoBatch() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @RNN(cells = @Cell(type = GRUCell.class, units = 3), stateful = true) Layer stack();",
            "  float[][] predict(float[][][] x);",
            "}");
    assertSingleError(
        compile(src), src, "RnncStatefulBatchCall", "float[][] predict(float[][][] x);");
  }

  @Test
  void zeroOutputForMaskWithoutAMaskWarns() {
    JavaFileObject src =
        modelWith(
            "  @RNN(cells = @Cell(type = GRUCell.class, units = 3),",
            "      zeroOutputForMask = true)",
            "  Layer stack();");
    Compilation c = javacWithoutWerror(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("[RnncMaskUnused]")
        .inFile(src)
        .onLineContaining("zeroOutputForMask = true)");
  }

  @Test
  void numLayersCompiles() {
    JavaFileObject src =
        modelWith("  @GRU(units = 3, numLayers = 3, resetAfter = false) Layer gru();");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void numLayersBelowOne() {
    JavaFileObject src = modelWith("  @LSTM(units = 3,", "      numLayers = 0) Layer lstm();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncNumLayersInvalid", "numLayers = 0)");
    assertThat(c).hadErrorContaining("numLayers must be at least 1, was 0");
  }

  @Test
  void numLayersInABidirectionalLayerCompiles() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional", "  @LSTM(units = 3, projSize = 2, numLayers = 3) Layer lstm();");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void numLayersWithAProjectionCompiles() {
    JavaFileObject src = modelWith("  @LSTM(units = 4, projSize = 2, numLayers = 2) Layer lstm();");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void numLayersInABidirectionalLayerMergingOtherThanByConcat() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional(",
            "      mergeMode = \"sum\")",
            "  @GRU(units = 3, numLayers = 2) Layer gru();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncNumLayersConflict", "mergeMode = \"sum\")");
    assertThat(c)
        .hadErrorContaining(
            "numLayers = 2 stacks GRU cells in one layer, which cannot take"
                + " @Bidirectional(mergeMode = \"sum\"): PyTorch concatenates");
  }

  @Test
  void numLayersInABidirectionalLayerWithABackwardLayer() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional(",
            "      backwardLayer = \"back\")",
            "  @GRU(units = 3, numLayers = 2) Layer gru();",
            "  @GRU(units = 3, goBackwards = true) Layer back();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncNumLayersConflict", "backwardLayer = \"back\")");
    assertThat(c).hadErrorContaining("which cannot take a backwardLayer");
  }

  @Test
  void numLayersInABidirectionalLayerNamesItsLowerLayers() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional @GRU(units = 3, numLayers = 3, returnSequences = true) Layer gru();",
            "  @GRU(units = 3) Layer gru_l1();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncNumLayersNameTaken", "Layer gru_l1();");
    assertThat(c).hadErrorContaining("layer name gru_l1 is taken: it names layer 1 of gru");
  }

  @Test
  void numLayersInABidirectionalLayerStartsOnlyFromOneOfAsManyLayers() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional @LSTM(units = 3, returnSequences = true, returnState = true)",
            "  Layer encoder();",
            "  @Bidirectional @LSTM(units = 3,",
            "      numLayers = 2) Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer s);");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncNumLayersConflict", "numLayers = 2) Layer decoder(");
    assertThat(c)
        .hadErrorContaining(
            "which cannot take @InitialState from encoder under @Bidirectional: each of its layers"
                + " starts from the same layer of a @Bidirectional layer with the same numLayers"
                + " (PyTorch's h_n), which encoder is not");
  }

  @Test
  void numLayersInABidirectionalLayerStartsFromOneOfAsManyLayers() {
    assertThat(
            compile(
                modelWith(
                    "  @Bidirectional @LSTM(units = 3, numLayers = 2, returnSequences = true,"
                        + " returnState = true)",
                    "  Layer encoder();",
                    "  @Bidirectional @LSTM(units = 3, numLayers = 2)",
                    "  Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer s);")))
        .succeeded();
  }

  @Test
  void numLayersInitialStatesMustFitLayerByLayer() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional @LSTM(units = 3, numLayers = 2, returnSequences = true,"
                + " returnState = true)",
            "  Layer encoder();",
            "  @Bidirectional @LSTM(units = 4, numLayers = 2)",
            "  Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer s);");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[RnncInitialStateMismatch]");
  }

  @Test
  void numLayersInABidirectionalLayerTakesEveryLayersInitialStates() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @Bidirectional @GRU(units = 3, numLayers = 2) Layer gru();",
            "  float[] predict(float[][] x, float[] h0, float[] h0Reverse);",
            "}");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[RnncCallSignature]").inFile(src);
    assertThat(c)
        .hadErrorContaining(
            "float[] predict(float[][], float[] forwardH0, float[] backwardH0, float[] forwardH0,"
                + " float[] backwardH0) (initial states of gru;");
  }

  @Test
  void everyLayersStatesAreARowPerLayer() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  record R(float[] gru, float[] gruHN) {}",
            "  @Bidirectional @GRU(units = 3, numLayers = 2, returnState = true) Layer gru();",
            "  R encode(float[][] x);",
            "}");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RnncOutputRecord]")
        .inFile(src)
        .onLineContaining("R encode(");
    assertThat(c).hadErrorContaining("float[] gru, float[][] gruHN");
  }

  @Test
  void numLayersUnrolled() {
    JavaFileObject src =
        modelWith("  @SimpleRNN(units = 4, unroll = true,", "      numLayers = 2) Layer rnn();");
    Compilation c = compile(src);
    assertSingleError(c, src, "RnncNumLayersConflict", "numLayers = 2) Layer rnn();");
    assertThat(c).hadErrorContaining("which cannot take unroll");
  }

  private static Compilation javacWithoutWerror(JavaFileObject... sources) {
    return com.google.testing.compile.Compiler.javac()
        .withProcessors(new RnncProcessor())
        .withOptions("--release", "25", "--add-modules", "jdk.incubator.vector")
        .compile(sources);
  }
}
