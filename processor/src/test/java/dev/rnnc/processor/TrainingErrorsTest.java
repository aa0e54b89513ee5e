package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Training declarations: every problem an id'd error at the value or method that is wrong. */
class TrainingErrorsTest {

  private static JavaFileObject model(String compile, String layers, String call) {
    return JavaFileObjects.forSourceLines(
        "test.M",
        "package test;",
        "import dev.rnnc.annotations.*;",
        "import dev.rnnc.runtime.Layer;",
        "import dev.rnnc.runtime.train.*;",
        "@RnnModel(input = @Input(timesteps = 5, features = 2))",
        compile,
        "interface M {",
        layers,
        call,
        "}");
  }

  private static void assertSingleError(JavaFileObject src, String id, String line) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  private static final String LSTM_DENSE =
      "  @LSTM(units = 4) Layer a(); @Dense(units = 3, activation = \"softmax\") Layer b();";

  /** The generated fit's own locals give way to parameters that share their names. */
  @Test
  void fitParametersMayBeNamedLikeTheGeneratedLocals() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"categorical_crossentropy\")",
            LSTM_DENSE,
            "  History fit(float[][][] data, float[][] order, FitOptions loop);"
                + " Logs evaluate(float[][][] training, float[][] count);");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("return loop_.fit(data_, loop);");
  }

  @Test
  void fitWithoutCompile() {
    JavaFileObject src =
        model("", LSTM_DENSE, "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncCompileMissing", "History fit(");
  }

  @Test
  void compileWithoutALossOnAOneOutputModel() {
    JavaFileObject src =
        model(
            "@Compile(optimizer = \"adam\")",
            LSTM_DENSE,
            "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncLossRequired", "@Compile(optimizer");
  }

  @Test
  void unknownLossNamesTheKnownOnes() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"crossentropy\")",
            LSTM_DENSE,
            "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncUnknownLoss", "loss = \"crossentropy\"");
    assertThat(compile(src)).hadErrorContaining("known: mean_squared_error, mse");
  }

  @Test
  void unknownOptimizerAndMetric() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\", optimizer = \"adamax\", metrics = {\"mae\", \"f1\"})",
            LSTM_DENSE,
            "");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("[RnncUnknownOptimizer] unknown optimizer \"adamax\"");
    assertThat(c).hadErrorContaining("[RnncUnknownMetric] unknown metric \"f1\"");
  }

  @Test
  void sparseLossNeedsLabels() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"sparse_categorical_crossentropy\")",
            LSTM_DENSE,
            "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncFitTargets", "History fit(");
    assertThat(compile(src)).hadErrorContaining("needs int[] class labels, one per sample");
  }

  @Test
  void labelsNeedASparseLoss() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"categorical_crossentropy\")",
            LSTM_DENSE,
            "  History fit(float[][][] x, int[] y, FitOptions o);");
    assertSingleError(src, "RnncFitTargets", "History fit(");
  }

  /**
   * Masking after another layer trains: its own mask and rows (the layer below keeps its rows for
   * its backward pass), the gradient of the real timesteps only passed down.
   */
  @Test
  void maskingAfterAnotherLayerTrains() {
    Compilation c =
        compile(
            model(
                "@Compile(loss = \"mse\")",
                "  @LSTM(units = 4, returnSequences = true) Layer a(); @Masking Layer m();"
                    + " @LSTM(units = 3) Layer b();",
                "  History fit(float[][][] x, float[][] y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("Masks.backward(count * TIMESTEPS, mTrainMask, mTrainDOutput,");
  }

  /** A merge of differently masked inputs masks with their or (Keras' merges). */
  @Test
  void aMergeOfDifferentlyMaskedInputsTrains() {
    Compilation c =
        compile(
            graph(
                "@Compile(loss = \"mse\")",
                "  @Masking Layer masked(Layer series);",
                "  @Dense(units = 3) Layer steps(Layer masked);",
                "  @Masking(maskValue = 1.0) Layer other(Layer series);",
                "  @Dense(units = 3) Layer more(Layer other);",
                "  @Add Layer both(Layer steps, Layer more);",
                "  @GRU(units = 2) Layer summary();",
                "  @Embedding(inputDim = 9, outputDim = 2) Layer embed(Layer tokens);",
                "  @GRU(units = 2) Layer words();",
                "  @Concatenate Layer joined(Layer summary, Layer words);",
                "  History fit(int[][] tokens, float[][][] series, float[][] y, FitOptions o);"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncG")
        .contentsAsUtf8String()
        .contains("Masks.or(maskedTrainMask, otherTrainMask, count * ");
  }

  /** PyTorch's projection with Keras' recurrent dropout trains (examples' gradient check). */
  @Test
  void projSizeWithRecurrentDropoutTrains() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, projSize = 2, recurrentDropout = 0.2) Layer a();"
                + " @Dense(units = 3) Layer b();",
            "  History fit(float[][][] x, float[][] y, FitOptions o);");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("CellGradients.lstmProjectedDropoutForward(");
  }

  @Test
  void statefulLayersTrain() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, stateful = true, returnSequences = true) Layer a();"
                + " @Bidirectional @GRU(units = 3, stateful = true, returnSequences = true) Layer b();"
                + " @RNN(cells = {@Cell(type = LSTMCell.class, units = 2), @Cell(type = GRUCell.class,"
                + " units = 2)}, stateful = true) Layer c(); @Dense(units = 3) Layer d();",
            "  History fit(float[][][] x, float[][] y, FitOptions o); void resetStates();");
    assertThat(compile(src)).succeeded();
  }

  @Test
  void aWrongTargetShapeIsACallSignatureError() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            LSTM_DENSE,
            "  History fit(float[][][] x, float[][][] y, FitOptions o);");
    assertSingleError(src, "RnncCallSignature", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining("History fit(float[][][] x, float[][] y, FitOptions options)");
  }

  @Test
  void aTrainableModelCompiles() {
    JavaFileObject src =
        model(
            "@Compile(optimizer = \"adam\", loss = \"categorical_crossentropy\", metrics = \"accuracy\")",
            LSTM_DENSE,
            "  History fit(float[][][] x, float[][] y, FitOptions o); Logs evaluate(float[][][] x, float[][] y);");
    assertThat(compile(src)).succeeded();
  }

  /**
   * A graph of two inputs: token ids (5) and floats (4, 2), with the given annotations and body.
   */
  private static JavaFileObject graph(String compile, String... body) {
    String[] lines = new String[body.length + 5];
    lines[0] = "import dev.rnnc.runtime.train.*;";
    lines[1] =
        "@RnnModel(input = {@Input(name = \"tokens\", timesteps = 5, dtype = Input.Dtype.INT32),"
            + " @Input(name = \"series\", timesteps = 4, features = 2)})";
    lines[2] = compile;
    lines[3] = "interface G {";
    System.arraycopy(body, 0, lines, 4, body.length);
    lines[lines.length - 1] = "}";
    return Sources.model("G", lines);
  }

  /** The guide's encoder-decoder on the graph's two inputs: a softmax per decoder timestep. */
  private static final String[] SEQ2SEQ = {
    "  @Embedding(inputDim = 9, outputDim = 3) Layer embed(Layer tokens);",
    "  @LSTM(units = 4, returnState = true) Layer encoder();",
    "  @LSTM(units = 4, returnSequences = true) Layer decoder(Layer series, @InitialState Layer"
        + " encoder);",
    "  @Dense(units = 3, activation = \"softmax\") Layer head();"
  };

  private static String[] with(String[] layers, String... calls) {
    String[] all = java.util.Arrays.copyOf(layers, layers.length + calls.length);
    System.arraycopy(calls, 0, all, layers.length, calls.length);
    return all;
  }

  @Test
  void aTrainableGraphCompiles() {
    JavaFileObject src =
        graph(
            "@Compile(optimizer = \"sgd\", momentum = 0.9, loss = \"sparse_categorical_crossentropy\","
                + " metrics = \"accuracy\")",
            with(
                SEQ2SEQ,
                "  History fit(int[][] tokens, float[][][] series, int[][] y, FitOptions o);",
                "  Logs evaluate(int[][] tokens, float[][][] series, int[][] y);"));
    assertThat(compile(src)).succeeded();
  }

  @Test
  void graphFitTakesOneBatchPerInputInOrder() {
    JavaFileObject src =
        graph(
            "@Compile(loss = \"mse\")",
            with(
                SEQ2SEQ,
                "  History fit(float[][][] series, int[][] tokens, float[][][] y, FitOptions o);"));
    assertSingleError(src, "RnncCallSignature", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining(
            "History fit(int[][] tokens, float[][][] series, float[][][] y, FitOptions options)"
                + " (training)");
  }

  @Test
  void labelsOfASequenceOutputArePerTimestep() {
    JavaFileObject src =
        graph(
            "@Compile(loss = \"sparse_categorical_crossentropy\")",
            with(
                SEQ2SEQ,
                "  History fit(int[][] tokens, float[][][] series, int[] y, FitOptions o);"));
    assertSingleError(src, "RnncFitTargets", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining("needs int[][] class labels, one per timestep of each sample");
  }

  @Test
  void momentumNeedsSgd() {
    JavaFileObject src =
        model("@Compile(optimizer = \"adam\", momentum = 0.9, loss = \"mse\")", LSTM_DENSE, "");
    assertSingleError(src, "RnncMomentum", "momentum = 0.9");
    assertThat(compile(src)).hadErrorContaining("only \"sgd\" takes a momentum");
  }

  @Test
  void statesReturnedBesideTheOutputDoNotStopFit() {
    // fit trains the last layer's output, as without the record; the decoder's states are no
    // training target (Keras would ask a loss per output).
    JavaFileObject src =
        graph(
            "@Compile(loss = \"mse\")",
            "  record Decoded(float[][] head, float[] decoderH, float[] decoderC) {}",
            "  @Embedding(inputDim = 9, outputDim = 3) Layer embed(Layer tokens);",
            "  @LSTM(units = 4, returnState = true) Layer encoder();",
            "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer decoder(Layer"
                + " series, @InitialState Layer encoder);",
            "  @Dense(units = 3) Layer head();",
            "  Decoded predict(int[] tokens, float[][] series);",
            "  History fit(int[][] tokens, float[][][] series, float[][][] y, FitOptions o);");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  /** An LSTM's (h, c) start two GRU cells by position (InitialStateTrainingTest). */
  @Test
  void initialStatesIntoAStackOfCellsTrain() {
    JavaFileObject src =
        graph(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, returnState = true) Layer encoder(Layer series);",
            "  @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class,"
                + " units = 4)}) Layer decoder(Layer series, @InitialState Layer encoder);",
            "  @Embedding(inputDim = 9, outputDim = 3) Layer embed(Layer tokens);",
            "  @LSTM(units = 4) Layer summary();",
            "  @Concatenate Layer joined(Layer decoder, Layer summary);",
            "  History fit(int[][] tokens, float[][][] series, float[][] y, FitOptions o);");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncG")
        .contentsAsUtf8String()
        .contains(
            "System.arraycopy(encoderTrainC, 0, decoderCell1TrainH, 0, count * DECODER_CELL1_STRIDE);");
  }

  /**
   * Keras gives a Bidirectional layer the first half of its initial states forwards, the rest
   * backwards: a backward layer with other states than the forward one cannot take them.
   */
  @Test
  void initialStatesIntoABackwardLayerOfOtherStatesDoNotTrain() {
    JavaFileObject src =
        graph(
            "@Compile(loss = \"mse\")",
            "  @Bidirectional @LSTM(units = 4, returnState = true) Layer encoder(Layer series);",
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer decoder(Layer"
                + " series, @InitialState(\"encoder\") Layer states);",
            "  @GRU(units = 4, goBackwards = true) Layer reverse();",
            "  @Embedding(inputDim = 9, outputDim = 3) Layer embed(Layer tokens);",
            "  @LSTM(units = 8) Layer summary();",
            "  @Add Layer total(Layer decoder, Layer summary);",
            "  History fit(int[][] tokens, float[][][] series, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncFitUnsupported", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining(
            "decoder starts from encoder's states, but its backward layer has other states than"
                + " its forward layer");
  }

  /** A shared layer's applications train its one set of weights (SharedTrainingTest). */
  @Test
  void sharedLayersTrain() {
    JavaFileObject src =
        graph(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4) Layer encoder(Layer series);",
            "  @Embedding(inputDim = 9, outputDim = 2) Layer embed(Layer tokens);",
            "  @Shared(\"encoder\") Layer again(Layer embed);",
            "  @Add Layer total(Layer encoder, Layer again);",
            "  History fit(int[][] tokens, float[][][] series, float[][] y, FitOptions o);");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncG")
        .contentsAsUtf8String()
        .contains("private final float[] againKernelGradient = encoderKernelGradient;");
  }

  @Test
  void aSecondOutputWithOneTargetBatchIsRefused() {
    JavaFileObject src =
        graph(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4) Layer encoder(Layer series);",
            "  @Dense(units = 2) Layer side();",
            "  @Embedding(inputDim = 9, outputDim = 2) Layer embed(Layer tokens);",
            "  @GRU(units = 2) Layer words();",
            "  History fit(int[][] tokens, float[][][] series, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncFitUnsupported", "History fit(");
    assertThat(compile(src))
        .hadErrorContaining("side's output is read by no layer (a second model output)");
  }
}
