package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Training a model with several outputs ({@code y} a record of one target batch per output, losses
 * per output in {@code @Compile(losses = @OutputLoss(...))}): what compiles, and every problem an
 * id'd error at the value or method that is wrong.
 */
class SeveralOutputsTrainingErrorsTest {

  /** An LSTM read by two Dense heads, tags and score: the model's two outputs. */
  private static final String TWO_HEADS =
      "  @LSTM(units = 4) Layer encoder();"
          + " @Dense(units = 3, activation = \"softmax\") Layer tags(Layer encoder);"
          + " @Dense(units = 1) Layer score(Layer encoder);";

  private static JavaFileObject model(String compile, String layers, String... calls) {
    String[] lines = new String[9 + calls.length];
    lines[0] = "package test;";
    lines[1] = "import dev.rnnc.annotations.*;";
    lines[2] = "import dev.rnnc.runtime.Layer;";
    lines[3] = "import dev.rnnc.runtime.train.*;";
    lines[4] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    lines[5] = compile;
    lines[6] = "interface M {";
    lines[7] = layers;
    System.arraycopy(calls, 0, lines, 8, calls.length);
    lines[lines.length - 1] = "}";
    return JavaFileObjects.forSourceLines("test.M", lines);
  }

  private static final String PER_OUTPUT =
      "@Compile(optimizer = \"adam\", losses = {"
          + "\n @OutputLoss(output = \"tags\", value = \"categorical_crossentropy\", metrics = \"accuracy\"),"
          + "\n @OutputLoss(output = \"score\", value = \"mse\", weight = 0.5, metrics = \"mae\")})";

  private static final String FIT =
      "  History fit(float[][][] x, Targets y, FitOptions o); Logs evaluate(float[][][] x, Targets"
          + " y);";

  private static void assertSingleError(JavaFileObject src, String id, String line) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void aRecordOfOneTargetBatchPerOutputTrains() {
    Compilation c =
        compile(
            model(
                PER_OUTPUT,
                TWO_HEADS,
                "  record Targets(float[][] tags, float[][] score) {}",
                FIT));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("loss += trainingOutputs.add(1, scoreTrainingOutput.compute(");
  }

  @Test
  void oneLossForEveryOutputTrains() {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                TWO_HEADS,
                "  record Targets(float[][] tags, float[][] score) {}",
                FIT));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void aSecondOutputWithOneTargetBatchSaysHowToTrainIt() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            TWO_HEADS,
            "  History fit(float[][][] x, float[][] y," + " FitOptions o);");
    assertSingleError(src, "RnncFitUnsupported", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining(
            "tags's output is read by no layer (a second model output): declare fit's y as a"
                + " record of one target batch per output");
  }

  @Test
  void aRecordLackingAnOutputNamesIt() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            TWO_HEADS,
            "  record Targets(float[][] tags) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncFitOutputs", "History fit(");
    assertThat(compile(src)).hadErrorContaining("it lacks [score]");
  }

  /**
   * A layer other layers read may be an output too (Keras' {@code Model(x, [encoded, tags,
   * score])}): its loss's gradient holds before its readers add theirs.
   */
  @Test
  void aComponentNamingALayerAnotherReadsTrainsAsAnOutput() throws java.io.IOException {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                TWO_HEADS,
                "  record Targets(float[][] tags, float[][] score, float[][] encoder) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    String generated =
        c.generatedSourceFile("test.RnncM").orElseThrow().getCharContent(true).toString();
    // both heads add their input's gradient to the encoder's, which holds the encoder's loss's
    assertThat(generated).contains("ProjectionGradients.addInput(count, scoreTrainDOutput");
    assertThat(generated).contains("ProjectionGradients.addInput(count, tagsTrainDOutput");
    assertThat(generated).doesNotContain("ProjectionGradients.input(");
  }

  /** Final states of a returnState layer are outputs a loss can read (Keras allows it). */
  @Test
  void finalStatesOfAReturnStateLayerTrainAsOutputs() throws java.io.IOException {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer encoder();"
                    + " @Dense(units = 1) Layer head();",
                "  record Targets(float[][][] head, float[][] encoderH, float[][] encoderC) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    String generated =
        c.generatedSourceFile("test.RnncM").orElseThrow().getCharContent(true).toString();
    assertThat(generated)
        .contains("Kernels.add(encoderTrainDc, 0, encoderTrainLossDc, 0, encoderTrainDc, 0,");
    assertThat(generated)
        .contains("Kernels.add(encoderTrainDh, 0, encoderTrainLossDh, 0, encoderTrainDh, 0,");
  }

  /** A final state's targets are one row per sample. */
  @Test
  void aFinalStatesTargetsAreRowsPerSample() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer encoder();"
                + " @Dense(units = 1) Layer head();",
            "  record Targets(float[][][] head, float[][][] encoderH) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncFitTargets", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining("needs float[][]: target rows of encoder's state h, one per sample");
  }

  /** A component named after a state of a layer that returns none says so. */
  @Test
  void aFinalStateOfALayerWithoutReturnStateIsNamedAsAState() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, returnSequences = true) Layer encoder();"
                + " @Dense(units = 1) Layer head();",
            "  record Targets(float[][][] head, float[][] encoderC) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncFitOutputs", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining(
            "its component encoderC names a final state of encoder, which does not set"
                + " returnState = true");
  }

  /**
   * The final states of an @RNN of built-in cells train as outputs (SeveralOutputsTrainingTest).
   */
  @Test
  void aFinalStateOfAStackOfBuiltInCellsTrains() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4)}, returnSequences = true,"
                + " returnState = true) Layer encoder(); @Dense(units = 1) Layer head();",
            "  record Targets(float[][][] head, float[][] encoderH0) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  /** A trainable custom cell with one state of {@code units}. */
  private static final JavaFileObject TRAINABLE_CELL =
      JavaFileObjects.forSourceLines(
          "test.Trainable",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.TrainableCell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell(stateSizes = RnnCell.UNITS)",
          "public final class Trainable implements TrainableCell {",
          "  public Trainable(int inputSize, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public List<float[]> gradients() { return List.of(); }",
          "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
          "  public void backward(float[] input, int offset, float[][] states, float[] dOutput,",
          "      float[][] dStates, float[] dInput, int dInputOffset) {}",
          "}");

  /**
   * The final state of an @RNN of a one-input custom cell trains as an output: its loss's gradient
   * is the gradient of the states the last step wrote (CustomCellStateTargetsTest).
   */
  @Test
  void aFinalStateOfACustomCellTrains() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @RNN(cell = Trainable.class, units = 4, returnSequences = true,"
                + " returnState = true) Layer encoder(); @Dense(units = 1) Layer head();",
            "  record Targets(float[][][] head, float[][] encoderState) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    Compilation c = compile(TRAINABLE_CELL, src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("System.arraycopy(encoderTrainLossDs0, b * 4, encoderTrainDStates[b][0], 0, 4)");
  }

  /**
   * A Bidirectional @RNN's custom cells' final states train as outputs
   * (BidirectionalCellStateTargetsTest): each loss's gradient enters its own direction's last
   * backward step as the gradient of the state it wrote.
   */
  @Test
  void theFinalStatesOfABidirectionalCustomCellTrain() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @Bidirectional @RNN(cell = Trainable.class, units = 4, returnState = true)"
                + " Layer encoder(); @Dense(units = 1) Layer head();",
            "  record Targets(float[][] head, float[][] encoderForwardState,"
                + " float[][] encoderBackwardState) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    Compilation c = compile(TRAINABLE_CELL, src);
    assertThat(c).succeededWithoutWarnings();
    for (String direction : new String[] {"Forward", "Backward"}) {
      String prefix = "encoder" + direction;
      assertThat(c)
          .generatedSourceFile("test/RnncM")
          .contentsAsUtf8String()
          .contains(
              "System.arraycopy("
                  + prefix
                  + "TrainLossDs0, b * 4, "
                  + prefix
                  + "TrainDStates[b][0], 0, 4)");
    }
  }

  /** A trainable custom cell of two inputs and two states of {@code units}. */
  private static final JavaFileObject TRAINABLE_PAIR =
      JavaFileObjects.forSourceLines(
          "test.Pair",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.TrainableMultiInputCell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell(inputSizes = {0, 2}, stateSizes = {RnnCell.UNITS, RnnCell.UNITS})",
          "public final class Pair implements TrainableMultiInputCell {",
          "  public Pair(int[] inputSizes, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public List<float[]> gradients() { return List.of(); }",
          "  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {}",
          "  public void backward(float[][] inputs, int[] offsets, float[][] states, float[] dOutput,",
          "      float[][] dStates, float[][] dInputs, int[] dInputOffsets) {}",
          "}");

  /**
   * A multi-input custom cell's final state trains as an output (MultiInputCellStateTargetsTest):
   * its loss's gradient enters the last backward step as the gradient of the state it wrote.
   */
  @Test
  void aFinalStateOfAMultiInputCustomCellTrains() {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "test.P",
            "package test;",
            "import dev.rnnc.annotations.*;",
            "import dev.rnnc.runtime.Layer;",
            "import dev.rnnc.runtime.train.*;",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                + " @Input(name = \"b\", timesteps = 5, features = 2)})",
            "@Compile(loss = \"mse\")",
            "interface P {",
            "  @RNN(cell = Pair.class, units = 4, returnState = true)",
            "  Layer pair(Layer a, Layer b);",
            "  record Targets(float[][] pair, float[][] pairState1) {}",
            "  History fit(float[][][] a, float[][][] b, Targets y, FitOptions o);",
            "}");
    Compilation c = compile(TRAINABLE_PAIR, src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncP")
        .contentsAsUtf8String()
        .contains("System.arraycopy(pairTrainLossDs1, b * 4, pairTrainDStates[b][1], 0, 4)");
  }

  /**
   * PyTorch's h_n and c_n of a numLayers layer train as outputs (TorchStateTargetsSgdStepTest), one
   * row per layer and direction of each sample.
   */
  @Test
  void pyTorchsHnAndCnOfANumLayersLayerTrain() {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @LSTM(units = 4, numLayers = 2, returnState = true) Layer encoder();"
                    + " @Dense(units = 1) Layer head();",
                "  record Targets(float[][] head, float[][][] encoderHN, float[][][] encoderCN) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains(
            "System.arraycopy(encoderCell1TrainC, b * ENCODER_CELL1_STRIDE, encoderTrainCN,"
                + " (b * 2 + 1) * ENCODER_CELL0_UNITS, ENCODER_CELL0_UNITS)");
    Compilation bidirectional =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @Bidirectional @GRU(units = 3, numLayers = 2, returnState = true) Layer"
                    + " encoder(); @Dense(units = 1) Layer head();",
                "  record Targets(float[][] head, float[][][] encoderHN) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(bidirectional).succeededWithoutWarnings();
  }

  /**
   * One direction's state of a Bidirectional numLayers layer trains (TorchStateTargetsSgdStepTest):
   * the top layer's, its loss's gradient added into that direction's last step only.
   */
  @Test
  void aDirectionsStateOfABidirectionalNumLayersLayerTrains() throws Exception {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @Bidirectional @LSTM(units = 3, numLayers = 2, returnState = true) Layer"
                    + " encoder(); @Dense(units = 1) Layer head();",
                "  record Targets(float[][] head, float[][] encoderForwardH) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    String generated =
        c.generatedSourceFile("test/RnncM").orElseThrow().getCharContent(true).toString();
    assertThat(generated).contains("the gradient of the loss of the final H, a model output");
    // the top layer's forward direction only
    assertThat(generated.split("the gradient of the loss of the final H, a model output", -1))
        .hasLength(2);
  }

  /** h_n's targets are rows per layer and direction: one row per sample is refused. */
  @Test
  void pyTorchsHnTargetsAreRowsPerLayer() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, numLayers = 2, returnState = true) Layer encoder();"
                + " @Dense(units = 1) Layer head();",
            "  record Targets(float[][] head, float[][] encoderHN) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncFitTargets", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining(
            "needs float[][][]: target rows of encoder's state hN, one per layer and direction of"
                + " each sample");
  }

  /**
   * h_n of an @RNN of cells of one kind but different widths trains (RaggedStateTargetsTest): each
   * row its own cell's width, rows the widest apart, the loss's layout ragged.
   */
  @Test
  void hnOfCellsOfDifferentWidthsTrains() {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class,"
                    + " units = 3)}, returnState = true) Layer encoder(); @Dense(units = 1) Layer"
                    + " head();",
                "  record Targets(float[][] head, float[][][] encoderHN) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("OutputLayout.ragged(ENCODER_CELL0_UNITS, ENCODER_CELL1_UNITS)");
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains(
            "System.arraycopy(encoderCell1TrainH, b * ENCODER_CELL1_STRIDE, encoderTrainHN, (b * 2"
                + " + 1) * ENCODER_HN_WIDTH, ENCODER_CELL1_UNITS)");
  }

  @Test
  void aLossNamingNoComponentIsAtItsOutput() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\", losses = {\n @OutputLoss(output = \"tagz\", weight = 2)})",
            TWO_HEADS,
            "  record Targets(float[][] tags, float[][] score) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncLossOutput", "@OutputLoss(output = \"tagz\"");
    assertThat(compile(src)).hadErrorContaining("did you mean \"tags\"");
  }

  @Test
  void anOutputWithoutALossIsAnError() {
    JavaFileObject src =
        model(
            "@Compile(losses = {@OutputLoss(output = \"tags\", value = \"categorical_crossentropy\")})",
            TWO_HEADS,
            "  record Targets(float[][] tags, float[][] score) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncLossMissing", "@Compile(");
  }

  @Test
  void modelWideMetricsAreAskedPerOutput() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\",\n metrics = {\"mae\"})",
            TWO_HEADS,
            "  record Targets(float[][] tags, float[][] score) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncMetricsPerOutput", "metrics = {\"mae\"}");
  }

  @Test
  void anUnknownLossOrMetricOfAnOutputIsAtItsValue() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\", losses = {\n @OutputLoss(output = \"tags\", value = \"mse\","
                + " metrics = \"acuracy\")})",
            TWO_HEADS,
            "  record Targets(float[][] tags, float[][] score) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    assertSingleError(src, "RnncUnknownMetric", "metrics = \"acuracy\"");
  }

  @Test
  void eachComponentIsCheckedAgainstItsOutputsLoss() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\", losses = {@OutputLoss(output = \"tags\", value ="
                + " \"sparse_categorical_crossentropy\")})",
            TWO_HEADS,
            "  record Targets(float[][] tags, int[] score) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(2);
    assertThat(c)
        .hadErrorContaining(
            "fit (y.tags) takes y as float[][] (target rows), but the loss"
                + " sparse_categorical_crossentropy needs int[]")
        .inFile(src)
        .onLineContaining("History fit(");
    assertThat(c)
        .hadErrorContaining("fit (y.score) takes y as int[] (class labels), but the loss mse");
  }

  @Test
  void trainingCallsTakeTheSameTargets() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            TWO_HEADS,
            "  record Targets(float[][] tags, float[][] score) {}",
            "  record Other(float[][] score, float[][] tags) {}",
            "  History fit(float[][][] x, Targets y, FitOptions o);",
            "  Logs evaluate(float[][][] x, Other y);");
    assertSingleError(src, "RnncFitOutputs", "Logs evaluate(");
  }

  @Test
  void aLossPerOutputOnAModelOfOneOutputIsAtItsOutput() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\", losses = {\n @OutputLoss(output = \"head\")})",
            "  @LSTM(units = 4) Layer encoder(); @Dense(units = 1) Layer head();",
            "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncLossOutput", "@OutputLoss(output = \"head\")");
  }

  @Test
  void bothDirectionsOfAMergeNoneLayerTrainAsOutputs() {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @Bidirectional(mergeMode = \"none\") @GRU(units = 3, returnSequences = true)"
                    + " Layer encoder();",
                "  record Targets(float[][][] encoderForward, float[][][] encoderBackward) {}",
                "  History fit(float[][][] x, Targets y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
  }
}
