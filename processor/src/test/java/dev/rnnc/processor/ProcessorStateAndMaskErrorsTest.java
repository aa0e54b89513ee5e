package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Errors of the options beyond a plain chain: unroll, stateful and streaming calls, masks,
 * Bidirectional and TimeDistributed, processor options. Each: id, count, line.
 */
class ProcessorStateAndMaskErrorsTest {

  private static void assertSingleError(JavaFileObject src, String id, String line) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  private static JavaFileObject floatModel(String... body) {
    String[] lines = new String[body.length + 3];
    lines[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    System.arraycopy(body, 0, lines, 2, body.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void unrollWithVariableTimesteps() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(features = 2))",
            "interface M {",
            "  @LSTM(units = 4,",
            "      unroll = true)",
            "  Layer a();",
            "}");
    assertSingleError(src, "RnncUnrollNeedsFixedTimesteps", "unroll = true");
    assertThat(compile(src)).hadErrorContaining("Input.VARIABLE");
  }

  @Test
  void rnnUnrollWithVariableTimesteps() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(features = 2))",
            "interface M {",
            "  @RNN(cells = {@Cell(type = GRUCell.class, units = 4)},",
            "      unroll = true)",
            "  Layer a();",
            "}");
    assertSingleError(src, "RnncUnrollNeedsFixedTimesteps", "unroll = true");
  }

  @Test
  void rnnUnrollBeyondTheLimit() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 40, features = 2))",
            "interface M {",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4)}, unroll = true) Layer a();",
            "}");
    assertSingleError(src, "RnncUnrollTooLong", "unroll = true");
  }

  @Test
  void unrollWithAStepCall() {
    assertSingleError(
        floatModel(
            "  @LSTM(units = 4, stateful = true, unroll = true) Layer a();",
            "  float[] step(float[] x);"),
        "RnncUnrollNeedsFixedTimesteps",
        "unroll = true");
  }

  @Test
  void unrollBeyondTheLimit() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 40, features = 2))",
            "interface M {",
            "  @GRU(units = 4, unroll = true) Layer a();",
            "}");
    assertSingleError(src, "RnncUnrollTooLong", "unroll = true");
    assertThat(compile(src)).hadErrorContaining("40 timesteps, more than the limit of 32");
  }

  @Test
  void unrollLimitCanBeRaised() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 40, features = 2))",
            "interface M {",
            "  @GRU(units = 4, unroll = true) Layer a();",
            "  float[] predict(float[][] x);",
            "}");
    Compilation c =
        javac()
            .withProcessors(new RnncProcessor())
            .withOptions(
                "--release", "25", "--add-modules", "jdk.incubator.vector", "-Arnnc.unrollLimit=64")
            .compile(src);
    assertThat(c).succeeded();
  }

  @Test
  void badProcessorOptionValue() {
    JavaFileObject src = floatModel("  @GRU(units = 4) Layer a();");
    Compilation c =
        javac()
            .withProcessors(new RnncProcessor())
            .withOptions(
                "--release",
                "25",
                "--add-modules",
                "jdk.incubator.vector",
                "-Arnnc.unrollLimit=lots")
            .compile(src);
    assertThat(c)
        .hadErrorContaining(
            "[RnncBadOption] processor option -Arnnc.unrollLimit=lots: expected a positive integer");
  }

  @Test
  void unknownProcessorOptionWarns() {
    JavaFileObject src = floatModel("  @GRU(units = 4) Layer a();");
    Compilation c =
        javac()
            .withProcessors(new RnncProcessor())
            .withOptions(
                "--release", "25", "--add-modules", "jdk.incubator.vector", "-Arnnc.unrolLimit=8")
            .compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("[RnncUnknownOption] unknown processor option -Arnnc.unrolLimit");
  }

  @Test
  void batchCallOnAStatefulModel() {
    assertSingleError(
        floatModel(
            "  @LSTM(units = 4, stateful = true) Layer a();",
            "  float[][] predict(float[][][] batch);"),
        "RnncStatefulBatchCall",
        "predict(float[][][] batch)");
  }

  @Test
  void batchIntoCallOnAStatefulBidirectionalModel() {
    JavaFileObject src =
        floatModel(
            "  @Bidirectional @GRU(units = 4, stateful = true) Layer both();",
            "  void predict(float[][][] batch, float[][] out);");
    assertSingleError(src, "RnncStatefulBatchCall", "void predict");
    assertThat(compile(src)).hadErrorContaining("layer both is stateful");
  }

  @Test
  void stepCallWithoutStatefulLayersListsTheFormsThatFit() {
    JavaFileObject src = floatModel("  @LSTM(units = 4) Layer a();", "  float[] step(float[] x);");
    assertSingleError(src, "RnncCallSignature", "float[] step(float[] x)");
    assertThat(compile(src)).hadErrorContaining("declare one of: float[] step(float[][])");
    assertThat(compile(src)).hadErrorContaining("needs stateful recurrent layers");
  }

  @Test
  void aCallThatFitsNoFormListsThePyTorchForms() {
    JavaFileObject src =
        floatModel("  @LSTM(units = 4) Layer a();", "  float[][] predict(float[][][] x, long n);");
    assertSingleError(src, "RnncCallSignature", "predict(float[][][] x, long n)");
    assertThat(compile(src))
        .hadErrorContaining("float[][] predict(float[][][] x, @Packed int[] lengths)");
    assertThat(compile(src))
        .hadErrorContaining("float[][] predict(float[][][], float[][][] h0, float[][][] c0)");
  }

  @Test
  void stepCallNamesTheLayerThatIsNotStateful() {
    JavaFileObject src =
        floatModel(
            "  @LSTM(units = 4, stateful = true, returnSequences = true) Layer a();",
            "  @GRU(units = 3) Layer b();",
            "  void step(float[] x, float[] out);");
    assertSingleError(src, "RnncStepNeedsStateful", "void step");
    assertThat(compile(src)).hadErrorContaining("needs every recurrent layer stateful; b is not");
  }

  @Test
  void stepCallOnTokenInput() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 4) Layer embed();",
            "  @LSTM(units = 4, stateful = true) Layer a();",
            "  float[] step(float[] x);",
            "}");
    assertSingleError(src, "RnncStepNeedsFloatInput", "step(float[] x)");
  }

  @Test
  void resetStatesWithoutStatefulLayers() {
    assertSingleError(
        floatModel("  @LSTM(units = 4) Layer a();", "  void resetStates();"),
        "RnncResetWithoutState",
        "void resetStates()");
  }

  @Test
  void stepIntoWithAWrongOutputType() {
    assertSingleError(
        floatModel(
            "  @LSTM(units = 4, stateful = true) Layer a();",
            "  void step(float[] x, float[][] out);"),
        "RnncCallSignature",
        "void step(float[] x, float[][] out)");
  }

  @Test
  void unknownMergeMode() {
    JavaFileObject src =
        floatModel(
            "  @Bidirectional(", "      mergeMode = \"max\")", "  @LSTM(units = 4) Layer a();");
    assertSingleError(src, "RnncUnknownMergeMode", "mergeMode = \"max\"");
  }

  @Test
  void bidirectionalAroundDense() {
    assertSingleError(
        floatModel("  @Bidirectional @Dense(units = 4) Layer a();"),
        "RnncBidirectionalNeedsRecurrent",
        "@Bidirectional");
  }

  @Test
  void timeDistributedAroundLstm() {
    assertSingleError(
        floatModel("  @TimeDistributed @LSTM(units = 4) Layer a();"),
        "RnncTimeDistributedNeedsDense",
        "@TimeDistributed");
  }

  @Test
  void wrapperWithoutLayerAnnotation() {
    assertSingleError(
        floatModel(
            "  @LSTM(units = 4, returnSequences = true) Layer a();", "  @Bidirectional Layer b();"),
        "RnncWrapperWithoutLayer",
        "@Bidirectional Layer b()");
  }

  @Test
  void twoWrappersOnOneMethod() {
    assertSingleError(
        floatModel("  @Bidirectional @TimeDistributed @GRU(units = 4) Layer a();"),
        "RnncSeveralLayerAnnotations",
        "@TimeDistributed");
  }

  @Test
  void timeDistributedOnAVector() {
    JavaFileObject src =
        floatModel(
            "  @LSTM(units = 4) Layer a();", "  @TimeDistributed @Dense(units = 2) Layer b();");
    assertSingleError(src, "RnncNotASequence", "@TimeDistributed");
    assertThat(compile(src)).hadErrorContaining("set returnSequences = true on a");
  }

  @Test
  void bidirectionalAfterAVector() {
    assertSingleError(
        floatModel("  @GRU(units = 4) Layer a();", "  @Bidirectional @GRU(units = 2) Layer b();"),
        "RnncNotASequence",
        "@Bidirectional @GRU(units = 2)");
  }

  @Test
  void maskingAfterAVector() {
    assertSingleError(
        floatModel("  @SimpleRNN(units = 4) Layer a();", "  @Masking Layer b();"),
        "RnncNotASequence",
        "@Masking Layer b()");
  }

  @Test
  void maskingOnTokenInput() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Masking Layer pad();",
            "  @LSTM(units = 4) Layer a();",
            "}");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining("[RnncTokensNeedEmbedding]")
        .inFile(src)
        .onLineContaining("@Masking Layer pad()");
  }

  @Test
  void maskValueNotFinite() {
    assertSingleError(
        floatModel(
            "  @Masking(maskValue = Double.NaN) Layer pad();", "  @LSTM(units = 4) Layer a();"),
        "RnncMaskValueNotFinite",
        "maskValue = Double.NaN");
  }

  @Test
  void maskZeroWithoutRoomForTokens() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 1, outputDim = 4, maskZero = true) Layer embed();",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncMaskZeroVocabulary", "inputDim = 1");
  }

  @Test
  void zeroOutputForMaskWithoutAMaskWarns() {
    JavaFileObject src =
        floatModel(
            "  @LSTM(units = 4,",
            "      zeroOutputForMask = true)",
            "  Layer a();",
            "  float[] predict(float[][] x);");
    Compilation c =
        javac()
            .withProcessors(new RnncProcessor())
            .withOptions("--release", "25", "--add-modules", "jdk.incubator.vector")
            .compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("[RnncMaskUnused]")
        .inFile(src)
        .onLineContaining("zeroOutputForMask = true");
  }

  @Test
  void maskStopsAtALayerReturningItsLastOutput() {
    JavaFileObject src =
        floatModel(
            "  @Masking Layer pad();",
            "  @Bidirectional @LSTM(units = 4) Layer a();",
            "  @Dense(units = 3) Layer b();",
            "  float[] predict(float[][] x);");
    Compilation c =
        javac()
            .withProcessors(new RnncProcessor())
            .withOptions("--release", "25", "--add-modules", "jdk.incubator.vector")
            .compile(src);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void projSizeNotBelowUnits() {
    JavaFileObject src = floatModel("  @LSTM(units = 4,", "      projSize = 4)", "  Layer a();");
    assertSingleError(src, "RnncProjSizeInvalid", "projSize = 4");
    assertThat(compile(src)).hadErrorContaining("between 1 and units - 1 = 3, was 4");
  }

  @Test
  void negativeProjSize() {
    assertSingleError(
        floatModel("  @LSTM(units = 4, projSize = -2) Layer a();"),
        "RnncProjSizeInvalid",
        "projSize = -2");
  }

  @Test
  void returnStateBeforeTheLastLayerWarnsWhenNothingReturnsIt() {
    JavaFileObject src =
        floatModel(
            "  @LSTM(units = 4, returnSequences = true,",
            "      returnState = true)",
            "  Layer a();",
            "  @Dense(units = 2) Layer b();",
            "  float[][] predict(float[][] x);");
    Compilation c = Sources.javacWithoutWerror(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("[RnncReturnStateUnused] returnState on a")
        .inFile(src)
        .onLineContaining("returnState = true)");
  }

  @Test
  void chainReturnsAnEarlierLayersStatesBesideItsOutput() {
    JavaFileObject src =
        floatModel(
            "  record Out(float[][] b, float[] aH, float[] aC) {}",
            "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer a();",
            "  @Dense(units = 2) Layer b();",
            "  Out predict(float[][] x);");
    assertThat(Sources.compile(src)).succeededWithoutWarnings();
  }

  @Test
  void stateRecordWithTheWrongComponents() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  record Encoded(float[] output, float[] h) {}",
            "  @LSTM(units = 4, returnState = true) Layer a();",
            "  Encoded encode(float[][] x);",
            "}");
    assertSingleError(src, "RnncCallRecord", "Encoded encode(float[][] x)");
    assertThat(compile(src))
        .hadErrorContaining(
            "(float[] output, float[] h, float[] c) in this order; it has (float[] output, float[] h)");
  }

  @Test
  void stateRecordWithoutReturnState() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  record Encoded(float[] output, float[] h) {}",
            "  @GRU(units = 4) Layer a();",
            "  Encoded encode(float[][] x);",
            "}");
    assertSingleError(src, "RnncCallSignature", "Encoded encode(float[][] x)");
  }

  @Test
  void initialStatesInBatchAndIntoCallsCompile() {
    assertThat(
            compile(
                floatModel(
                    "  @LSTM(units = 4, returnSequences = true) Layer a();",
                    "  float[][][] decode(float[][][] x, float[][] h, float[][] c);",
                    "  void decode(float[][] x, float[] h, float[] c, float[][] out);",
                    "  void decode(float[][][] x, float[][] h, float[][] c, float[][][] out);")))
        .succeededWithoutWarnings();
  }

  @Test
  void initialStatesMissingOne() {
    JavaFileObject src =
        floatModel("  @LSTM(units = 4) Layer a();", "  float[] decode(float[][] x, float[] h);");
    assertSingleError(src, "RnncCallSignature", "decode(float[][] x, float[] h)");
    assertThat(compile(src))
        .hadErrorContaining(
            "float[] decode(float[][], float[] h0, float[] c0) (initial states of a"
                + "; a batch passes float[][] with a row per sample, an into call puts the output array last)");
  }

  @Test
  void allErrorsOfTheNewOptionsInOnePass() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(features = 2))",
            "interface M {",
            "  @Masking(maskValue = Double.POSITIVE_INFINITY) Layer pad();",
            "  @Bidirectional(mergeMode = \"max\") @LSTM(units = 4, unroll = true, stateful = true) Layer a();",
            "  float[] predict(float[][][] batch);",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("[RnncMaskValueNotFinite]");
    assertThat(c).hadErrorContaining("[RnncUnknownMergeMode]");
    assertThat(c).hadErrorCount(2); // shape checks wait for a clean declaration
  }
}
