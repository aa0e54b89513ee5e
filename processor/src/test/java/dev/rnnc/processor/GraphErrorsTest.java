package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Graph declarations that cannot be wired: each is one javac error with a stable id, at the
 * parameter, annotation or value that is wrong, naming what was expected and what was found; and
 * graphs combining many features, whose generated code must compile without warnings.
 */
class GraphErrorsTest {
  private static void assertSingleError(JavaFileObject src, String id, String line, String text) {
    Compilation c = compile(src);
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

  @Test
  void parameterNamingNothing() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer a();",
            "  @Dense(units = 2) Layer head(Layer encoder);"),
        "RnncUnknownReference",
        "Layer head(Layer encoder)",
        "parameter encoder of head() names no input or layer; it can name input x, a");
  }

  @Test
  void parameterNamingALaterLayer() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer a(Layer b);",
            "  @LSTM(units = 2) Layer b();"),
        "RnncForwardReference",
        "Layer a(Layer b)",
        "names layer b, which is not declared before it");
  }

  @Test
  void parameterOfAnotherType() {
    assertSingleError(
        graph("  @LSTM(units = 4) Layer a(float[][] x);"),
        "RnncLayerParameters",
        "Layer a(float[][] x)",
        "must be a dev.rnnc.runtime.Layer naming an earlier input or layer, not float[][]");
  }

  @Test
  void mergeOfOneInput() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer a();",
            "  @Concatenate Layer joined(Layer a);",
            "  @LSTM(units = 2) Layer b();"),
        "RnncLayerInputCount",
        "@Concatenate",
        "@Concatenate takes two or more inputs (one Layer parameter each), but joined() names 1");
  }

  @Test
  void ordinaryLayerWithTwoInputs() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer a();",
            "  @LSTM(units = 2) Layer b(Layer x, Layer a);"),
        "RnncLayerInputCount",
        "@LSTM(units = 2)",
        "@LSTM takes one input (merge several with @Concatenate");
  }

  @Test
  void concatenateOfASequenceAndAVector() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4) Layer a();",
            "  @Concatenate Layer joined(Layer x, Layer a);",
            "  @Dense(units = 2) Layer head();"),
        "RnncMergeShapes",
        "@Concatenate",
        "@Concatenate joined cannot merge input x, a: a sequence and a vector (input x outputs (5, 2), a outputs (4,))");
  }

  @Test
  void addOfDifferentWidths() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer a();",
            "  @Add Layer total(Layer x, Layer a);",
            "  @LSTM(units = 2) Layer b();"),
        "RnncMergeShapes",
        "@Add",
        "inputs of different widths (input x outputs (5, 2), a outputs (5, 4)); @Add needs one shape");
  }

  @Test
  void maskReachingMultiply() {
    assertSingleError(
        graph(
            "  @Masking Layer padding();",
            "  @LSTM(units = 2, returnSequences = true) Layer a();",
            "  @Multiply Layer product(Layer padding, Layer a);",
            "  @LSTM(units = 2) Layer b();"),
        "RnncMergeShapes",
        "@Multiply",
        "a mask reaches it from padding, a");
  }

  @Test
  void initialStateOnADenseLayer() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnState = true) Layer a();",
            "  @Dense(units = 4) Layer head(@InitialState Layer a);"),
        "RnncInitialStateTarget",
        "@InitialState Layer a",
        "not of @Dense head");
  }

  @Test
  void initialStateFromALayerWithoutReturnState() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4) Layer a();",
            "  @LSTM(units = 4) Layer b(Layer x, @InitialState Layer a);"),
        "RnncInitialStateSource",
        "@InitialState Layer a",
        "a does not set returnState = true");
  }

  @Test
  void initialStateFromADenseLayer() {
    assertSingleError(
        graph(
            "  @Dense(units = 4) Layer a();",
            "  @LSTM(units = 4) Layer b(Layer x, @InitialState Layer a);"),
        "RnncInitialStateSource",
        "@InitialState Layer a",
        "a is @Dense");
  }

  @Test
  void initialStatesOfTheWrongWidth() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnState = true) Layer encoder();",
            "  @LSTM(units = 5) Layer decoder(Layer x, @InitialState Layer encoder);"),
        "RnncInitialStateMismatch",
        "@InitialState Layer encoder",
        "decoder starts from the final states of encoder, but they do not fit: encoder returns (h of width 4, c of width 4), decoder takes (h of width 5, c of width 5)");
  }

  @Test
  void initialStatesOfAnotherKind() {
    assertSingleError(
        graph(
            "  @GRU(units = 4, returnState = true) Layer encoder();",
            "  @LSTM(units = 4) Layer decoder(Layer x, @InitialState Layer encoder);"),
        "RnncInitialStateMismatch",
        "@InitialState Layer encoder",
        "encoder returns (h of width 4), decoder takes (h of width 4, c of width 4)");
  }

  @Test
  void twoInitialStates() {
    assertSingleError(
        graph(
            "  @GRU(units = 4, returnState = true, returnSequences = true) Layer a();",
            "  @GRU(units = 4, returnState = true) Layer b();",
            "  @GRU(units = 4) Layer c(Layer x, @InitialState Layer a, @InitialState Layer b);"),
        "RnncInitialStateSource",
        "@InitialState Layer b);",
        "a layer starts from one layer's states, and c() already names a");
  }

  @Test
  void returnedStatesThatGoNowhereWarn() {
    JavaFileObject src =
        graph(
            "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer a();",
            "  @LSTM(units = 4) Layer b();",
            "  float[] predict(float[][] x);");
    Compilation c = Sources.javacWithoutWerror(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining(
            "[RnncReturnStateUnused] returnState on a: no call returns its final states and no"
                + " layer starts from them; return them beside the outputs as record components"
                + " (float[] aH, float[] aC)")
        .inFile(src)
        .onLineContaining("returnState = true");
  }

  @Test
  void statesOfAnEarlierLayerBesideTheOutputCompile() {
    Compilation c =
        compile(
            graph(
                "  record Decoded(float[][] head, float[] decoderH, float[] decoderC) {}",
                "  record Both(float[] encoderForwardH, float[] encoderBackwardH, float[][] head) {}",
                "  @Bidirectional @GRU(units = 3, returnSequences = true, returnState = true)",
                "  Layer encoder();",
                "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer decoder();",
                "  @Dense(units = 2) Layer head();",
                "  Decoded decode(float[][] x);",
                "  Decoded[] decode(float[][][] x);",
                "  Both both(float[][] x);"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void stateComponentOfTheWrongType() {
    assertSingleError(
        graph(
            "  record Decoded(float[][] head, float[][] decoderC) {}",
            "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer decoder();",
            "  @Dense(units = 2) Layer head();",
            "  Decoded decode(float[][] x);"),
        "RnncOutputRecord",
        "Decoded decode(float[][] x)",
        "decode returns the outputs of layers [head, decoder's state c], so the components of"
            + " Decoded must have their types (float[][] head, float[] decoderC); it has"
            + " (float[][] head, float[][] decoderC)");
  }

  // ---------------------------------------------------------------- several inputs

  @Test
  void secondInputWithoutAName() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),",
            "    @Input(timesteps = 5, features = 2)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder(Layer a);",
            "}"),
        "RnncInputNameMissing",
        "@Input(timesteps = 5, features = 2)",
        "input 2 of 2 has no name");
  }

  @Test
  void inputNameThatIsNoIdentifier() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),",
            "    @Input(name = \"b-side\", timesteps = 5, features = 2)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder(Layer a);",
            "}"),
        "RnncInputNameInvalid",
        "b-side",
        "input name \"b-side\" is not a Java identifier");
  }

  @Test
  void inputNamedLikeALayer() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),",
            "    @Input(name = \"encoder\", timesteps = 5, features = 2)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder(Layer a);",
            "}"),
        "RnncInputNameTaken",
        "name = \"encoder\"",
        "input name \"encoder\" already names layer encoder");
  }

  @Test
  void firstLayerMustNameItsInput() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),",
            "    @Input(name = \"b\", timesteps = 5, features = 2)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder();",
            "}"),
        "RnncInputNotNamed",
        "Layer encoder()",
        "encoder() takes no parameter, but the model has several inputs (a, b): name the one it takes, e.g. encoder(Layer a)");
  }

  @Test
  void callWithOneInputOfTwo() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),",
            "    @Input(name = \"meta\", timesteps = Input.VECTOR, features = 3)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder(Layer a);",
            "  @Concatenate Layer joined(Layer encoder, Layer meta);",
            "  float[] predict(float[][] a);",
            "}"),
        "RnncCallSignature",
        "float[] predict(float[][] a)",
        "does not fit the model (a (5, 2), meta (3,)) -> (7,); declare one of: float[] predict(float[][] a, float[] meta)");
  }

  @Test
  void concatenateOfTwoVariableLengthInputs() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", features = 2), @Input(name = \"b\", features = 2)})",
            "interface M {",
            "  @Concatenate Layer joined(Layer a, Layer b);",
            "  @LSTM(units = 4) Layer encoder();",
            "}"),
        "RnncMergeShapes",
        "@Concatenate",
        "sequences of different timesteps (input a outputs (None, 2), input b outputs (None, 2)); variable timesteps of different inputs may differ per call");
  }

  @Test
  void recurrentLayerOnAVectorInput() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),",
            "    @Input(name = \"meta\", timesteps = Input.VECTOR, features = 3)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder(Layer meta);",
            "}"),
        "RnncNotASequence",
        "@LSTM(units = 4)",
        "@LSTM needs a sequence input (timesteps, features), but input meta outputs (3,)");
  }

  @Test
  void singleVectorInputCompilesCleanly() {
    Compilation c =
        compile(
            model(
                "M",
                "@RnnModel(input = @Input(timesteps = Input.VECTOR, features = 4))",
                "interface M {",
                "  @Dense(units = 3, activation = \"relu\") Layer hidden();",
                "  @Dense(units = 1) Layer head();",
                "  float[] predict(float[] x);",
                "  float[][] predict(float[][] batch);",
                "  void predictInto(float[] x, float[] out);",
                "}"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void graphModelsCompileWithoutWarnings() {
    Compilation c =
        compile(
            model(
                "M",
                "@RnnModel(input = {@Input(name = \"series\", features = 3), @Input(name = \"meta\", timesteps = Input.VECTOR, features = 2)})",
                "interface M {",
                "  @Masking Layer padding(Layer series);",
                "  @GRU(units = 4, returnSequences = true, returnState = true) Layer encoder();",
                "  @Concatenate Layer joined(Layer padding, Layer encoder);",
                "  @GRU(units = 4, returnSequences = true) Layer decoder(Layer joined, @InitialState(\"encoder\") Layer states);",
                "  @Dense(units = 2) Layer squeeze(Layer meta);",
                "  @Shared(\"squeeze\") Layer squeezeAgain(Layer squeeze);",
                "  @GRU(units = 2) Layer summary(Layer decoder);",
                "  @Concatenate Layer out(Layer summary, Layer squeezeAgain);",
                "  float[] predict(float[][] series, float[] meta);",
                "  float[][] predict(float[][][] series, float[][] meta);",
                "}"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void severalInputsReturnStateRecords() {
    Compilation c =
        compile(
            model(
                "M",
                "@RnnModel(input = {@Input(name = \"a\", features = 3), @Input(name = \"b\", timesteps = 4, features = 2)})",
                "interface M {",
                "  record Decoded(float[] output, float[] h, float[] c) {}",
                "  @LSTM(units = 3, returnState = true) Layer encoder(Layer a);",
                "  @LSTM(units = 3, returnState = true) Layer decoder(Layer b, @InitialState Layer encoder);",
                "  Decoded decode(float[][] a, float[][] b);",
                "  Decoded[] decode(float[][][] a, float[][][] b);",
                "}"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void statefulUnrolledAndBidirectionalGraphCompiles() {
    Compilation c =
        compile(
            model(
                "M",
                "@RnnModel(input = {@Input(name = \"a\", timesteps = 4, features = 3), @Input(name = \"b\", timesteps = 6, features = 3)})",
                "interface M {",
                "  @Bidirectional @GRU(units = 3, returnState = true, unroll = true) Layer encoder(Layer a);",
                "  @Bidirectional(mergeMode = \"sum\") @GRU(units = 3, stateful = true) Layer decoder(Layer b, @InitialState Layer encoder);",
                "  @LSTM(units = 2, stateful = true) Layer other(Layer b);",
                "  @Concatenate Layer joined(Layer decoder, Layer other);",
                "  float[] predict(float[][] a, float[][] b);",
                "  void predictInto(float[][] a, float[][] b, float[] out);",
                "  void resetStates();",
                "}"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void branchThatLeadsNowhereIsReported() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2), @Input(name = \"b\", timesteps = 5, features = 2)})",
            "interface M {",
            "  @LSTM(units = 4, returnSequences = true) Layer side(Layer a);",
            "  @LSTM(units = 4) Layer encoder(Layer a);",
            "  @Dense(units = 2) Layer head();",
            "  float[] predict(float[][] a, float[][] b);",
            "}");
    Compilation c = compile(src);
    assertThat(c)
        .hadWarningContaining("[RnncLayerUnused] side does not reach the output (head)")
        .inFile(src)
        .onLineContaining("Layer side(Layer a)");
    assertThat(c)
        .hadWarningContaining("[RnncInputUnused] input b reaches no layer of the output (head)")
        .inFile(src)
        .onLineContaining("@Input(name = \"b\"");
  }

  @Test
  void outputRecordOfTheWrongTypes() {
    assertSingleError(
        graph(
            "  record Prediction(float[] tags, float[] score) {}",
            "  @LSTM(units = 4, returnSequences = true) Layer encoder();",
            "  @Dense(units = 3) Layer tags();",
            "  @LSTM(units = 2) Layer score(Layer encoder);",
            "  Prediction predict(float[][] x);"),
        "RnncOutputRecord",
        "Prediction predict(float[][] x)",
        "predict returns the outputs of layers [tags, score], so the components of Prediction must have their types (float[][] tags, float[] score); it has (float[] tags, float[] score)");
  }

  @Test
  void severalInputsAndSeveralOutputsCompile() {
    Compilation c =
        compile(
            model(
                "M",
                "@RnnModel(input = {@Input(name = \"a\", features = 3), @Input(name = \"b\", timesteps = 4, features = 2)})",
                "interface M {",
                "  record Both(float[][] left, float[] right) {}",
                "  @GRU(units = 3, returnSequences = true) Layer left(Layer a);",
                "  @SimpleRNN(units = 2) Layer right(Layer b);",
                "  Both predict(float[][] a, float[][] b);",
                "  Both[] predict(float[][][] a, float[][][] b);",
                "}"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void streamingAndInitialStateCallsOnAOneInputGraph() {
    Compilation ok =
        compile(
            model(
                "N",
                "@RnnModel(input = @Input(name = \"x\", features = 2))",
                "interface N {",
                "  @LSTM(units = 3, returnSequences = true) Layer features();",
                "  @GRU(units = 3, returnSequences = true) Layer other(Layer x);",
                "  @Add Layer total(Layer features, Layer other);",
                "  @Dense(units = 2) Layer head();",
                "  float[][] decode(float[][] x, float[] h, float[] c);",
                "  float[][] predict(float[][] x);",
                "}"));
    assertThat(ok).succeededWithoutWarnings();
    Compilation streaming =
        compile(
            model(
                "M",
                "@RnnModel(input = @Input(name = \"x\", timesteps = 5, features = 2))",
                "interface M {",
                "  @LSTM(units = 3, returnSequences = true, stateful = true) Layer features();",
                "  @Concatenate Layer joined(Layer x, Layer features);",
                "  @GRU(units = 2, stateful = true) Layer summary();",
                "  @Dense(units = 1) Layer head();",
                "  float[] step(float[] x);",
                "  float[] predict(float[][] x);",
                "  void resetStates();",
                "}"));
    assertThat(streaming).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------- shared layers

  @Test
  void sharedLayerThatDoesNotExist() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer a();",
            "  @Shared(\"encoder\") Layer b(Layer x);",
            "  @Dense(units = 2) Layer head(Layer a);"),
        "RnncSharedTarget",
        "@Shared(\"encoder\")",
        "@Shared(\"encoder\") on b must name an earlier layer method; there is no layer encoder");
  }

  @Test
  void statefulLayerCannotBeShared() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2), @Input(name = \"b\", timesteps = 5, features = 2)})",
            "interface M {",
            "  @LSTM(units = 4, stateful = true) Layer encoder(Layer a);",
            "  @Shared(\"encoder\") Layer encodedB(Layer b);",
            "  @Concatenate Layer joined(Layer encoder, Layer encodedB);",
            "}"),
        "RnncSharedUnsupported",
        "@Shared(\"encoder\")",
        "encoder cannot be shared: it is stateful");
  }

  @Test
  void mergeLayerCannotBeShared() {
    assertSingleError(
        graph(
            "  @LSTM(units = 2, returnSequences = true) Layer a();",
            "  @Add Layer total(Layer x, Layer a);",
            "  @Shared(\"total\") Layer again(Layer total);"),
        "RnncSharedUnsupported",
        "@Shared(\"total\")",
        "only @LSTM, @GRU, @SimpleRNN, @Dense and @Embedding layers can be shared, not @Add");
  }

  @Test
  void sharedLayerOnAnInputOfAnotherWidth() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2), @Input(name = \"b\", timesteps = 5, features = 3)})",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder(Layer a);",
            "  @Shared(\"encoder\") Layer encodedB(Layer b);",
            "  @Concatenate Layer joined(Layer encoder, Layer encodedB);",
            "}"),
        "RnncSharedInputWidth",
        "@Shared(\"encoder\")",
        "@Shared(\"encoder\") applies encoder, which takes inputs of width 2, to input b, which outputs (5, 3)");
  }
}
