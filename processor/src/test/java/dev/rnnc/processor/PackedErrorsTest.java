package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Packed int[] lengths} (PyTorch's packed sequences) marks the lengths right after the
 * batch input of a batch call; elsewhere it is one {@code RnncPacked} error at the annotation, and
 * a model that cannot take a passed mask reports {@code RnncCallMask} as for plain lengths.
 */
class PackedErrorsTest {
  private static void assertSingleError(
      JavaFileObject src, String id, String line, String... texts) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
    for (String text : texts) {
      assertThat(c).hadErrorContaining(text);
    }
  }

  private static JavaFileObject lstmModel(String... calls) {
    String[] lines = new String[calls.length + 6];
    lines[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    lines[2] = "  record Out(float[][] head, float[] encoderH, float[] encoderC) {}";
    lines[3] = "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer encoder();";
    lines[4] = "  @Dense(units = 3) Layer head();";
    System.arraycopy(calls, 0, lines, 5, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void everyBatchFormCompiles() {
    assertThat(
            compile(
                lstmModel(
                    "  float[][][] tag(float[][][] x, @Packed int[] lengths);",
                    "  void tag(float[][][] x, @Packed int[] lengths, float[][][] out);",
                    "  float[][][] tag(float[][][] x, @Packed int[] lengths, float[][] h,"
                        + " float[][] c);",
                    "  void tag(float[][][] x, @Packed int[] lengths, float[][] h, float[][] c,"
                        + " float[][][] out);",
                    "  Out[] states(float[][][] x, @Packed int[] lengths);",
                    "  Out[] states(float[][][] x, @Packed int[] lengths, float[][] h,"
                        + " float[][] c);",
                    "  float[][][] keras(float[][][] x, int[] lengths);",
                    "  Out[] torch(float[][][] x, @Packed int[] lengths, float[][][] h0,"
                        + " float[][][] c0);",
                    "  Out[] torch(float[][][] x, float[][][] h0, float[][][] c0);",
                    "  Out torch(float[][] x, float[][] h0, float[][] c0);")))
        .succeededWithoutWarnings();
  }

  @Test
  void notOnOneSample() {
    assertSingleError(
        lstmModel("  float[][] tag(float[][] x, @Packed int[] lengths);"),
        "RnncPacked",
        "@Packed",
        "@Packed on float[][] tag(float[][], int[]): it marks the int[] lengths right after the"
            + " batch input of a batch call",
        "here the batch input is float[][][] and the lengths int[]");
  }

  @Test
  void notOnABooleanMask() {
    assertSingleError(
        lstmModel("  float[][][] tag(float[][][] x, @Packed boolean[][] mask);"),
        "RnncPacked",
        "@Packed",
        "here the batch input is float[][][] and the lengths int[]");
  }

  @Test
  void notOnAnotherParameter() {
    assertSingleError(
        lstmModel(
            "  float[][][] tag(float[][][] x, int[] lengths, @Packed float[][] h,"
                + " float[][] c);"),
        "RnncPacked",
        "@Packed",
        "here the batch input is float[][][] and the lengths int[]");
  }

  @Test
  void initialStatesMustFitTheFirstRecurrentLayer() {
    assertSingleError(
        lstmModel("  float[][][] tag(float[][][] x, @Packed int[] lengths, float[][] h);"),
        "RnncPacked",
        "@Packed",
        "the initial states after the lengths are 2 float[][] (a row per sample), one per state"
            + " of encoder, or PyTorch's h_0, c_0 as float[][][] (num_layers * num_directions,"
            + " batch, hidden), not [float[][]]");
  }

  @Test
  void theResultMustBeABatchResult() {
    assertSingleError(
        lstmModel("  float[][] tag(float[][][] x, @Packed int[] lengths);"),
        "RnncPacked",
        "@Packed",
        "it returns float[][], but a batch call of this model returns float[][][] or a record per"
            + " sample");
  }

  @Test
  void aMaskingLayerReplacesTheLengths() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @Masking(maskValue = 0) Layer masking();",
            "  @GRU(units = 4) Layer encoder();",
            "  float[][] classify(float[][][] x, @Packed int[] lengths);",
            "}"),
        "RnncCallMask",
        "classify(",
        "masking (@Masking) makes the mask itself");
  }

  @Test
  void tokenIdsArePackedAfterTheirEmbedding() {
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = @Input(timesteps = Input.VARIABLE, dtype ="
                        + " Input.Dtype.INT32))",
                    "interface M {",
                    "  @Embedding(inputDim = 10, outputDim = 3) Layer embed();",
                    "  @GRU(units = 4) Layer encoder();",
                    "  float[][] classify(int[][] ids, @Packed int[] lengths);",
                    "  float[][] classify(int[][] ids, @Packed int[] lengths, float[][][] h0);",
                    "  void classify(int[][] ids, @Packed int[] lengths, float[][] out);",
                    "  float[][] classify(int[][] ids);",
                    "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void notAfterAnEmbeddingThatMasksZero() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 3, maskZero = true) Layer embed();",
            "  @GRU(units = 4) Layer encoder();",
            "  float[][] classify(int[][] ids, @Packed int[] lengths);",
            "}"),
        "RnncCallMask",
        "classify(",
        "embed (@Embedding(maskZero = true)) makes the mask itself from id 0, replacing the"
            + " lengths: pass one or the other");
  }

  @Test
  void kerasMaskOnTokenIdsStaysRefused() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 3) Layer embed();",
            "  @GRU(units = 4) Layer encoder();",
            "  float[][] classify(int[][] ids, boolean[][] mask);",
            "}"),
        "RnncCallMask",
        "classify(",
        "not a float sequence (Keras' Embedding without mask_zero drops a mask)");
  }

  private static JavaFileObject twoInputs(String... calls) {
    String[] lines = new String[calls.length + 8];
    lines[0] =
        "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
            + " @Input(name = \"b\", timesteps = Input.VARIABLE, features = 3),"
            + " @Input(name = \"meta\", timesteps = Input.VECTOR, features = 2)})";
    lines[1] = "interface M {";
    lines[2] = "  @LSTM(units = 4) Layer left(Layer a);";
    lines[3] = "  @Bidirectional @GRU(units = 4) Layer right(Layer b);";
    lines[4] = "  @Concatenate Layer both(Layer left, Layer right, Layer meta);";
    lines[5] = "  @Dense(units = 3) Layer head();";
    lines[6] = "  record Parts(float[] left, float[] head) {}";
    System.arraycopy(calls, 0, lines, 7, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void severalInputsTakeLengthsAfterEachSequenceInput() {
    assertThat(
            compile(
                twoInputs(
                    "  float[][] classify(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                        + " @Packed int[] bLengths, float[][] meta);",
                    "  float[][] classify(float[][][] a, float[][][] b, @Packed int[] bLengths,"
                        + " float[][] meta);",
                    "  void classify(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                        + " float[][] meta, float[][] out);",
                    "  Parts[] parts(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                        + " @Packed int[] bLengths, float[][] meta);",
                    "  float[][] classify(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                        + " @Packed int[] bLengths, float[][] meta, float[][] h0, float[][] c0);",
                    "  float[][] classify(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                        + " @Packed int[] bLengths, float[][] meta, float[][][] h0,"
                        + " float[][][] c0);",
                    "  float[][] classify(float[][][] a, float[][][] b, float[][] meta,"
                        + " float[][][] h0, float[][][] c0);",
                    "  float[] classify(float[][] a, float[][] b, float[] meta, float[][] h0,"
                        + " float[][] c0);")))
        .succeededWithoutWarnings();
  }

  @Test
  void severalInputsTakeNoLengthsAfterAVectorInput() {
    assertSingleError(
        twoInputs(
            "  float[][] classify(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                + " float[][] meta, @Packed int[] metaLengths);"),
        "RnncPacked",
        "@Packed",
        "with several inputs, after each float sequence or token ids input its own",
        "here the batch inputs come first, each float sequence or token ids input followed by its"
            + " own @Packed int[] lengths (PyTorch's pack_padded_sequence of each input, of ids"
            + " after their embedding; an input without them is read whole): float[][][] a, @Packed int[] aLengths, float[][][] b,"
            + " @Packed int[] bLengths, float[][] meta, not float[][][], @Packed int[],"
            + " float[][][], float[][], @Packed int[]");
  }

  @Test
  void severalInputsTakeLengthsRightAfterTheirInput() {
    assertSingleError(
        twoInputs(
            "  float[][] classify(float[][][] a, float[][][] b, float[][] meta,"
                + " @Packed int[] aLengths);"),
        "RnncPacked",
        "@Packed",
        "not float[][][], float[][][], float[][], @Packed int[]");
  }

  private static JavaFileObject idsAndSeries(boolean maskZero, String... calls) {
    String[] lines = new String[calls.length + 9];
    lines[0] =
        "@RnnModel(input = {@Input(name = \"ids\", timesteps = 5, dtype = Input.Dtype.INT32),"
            + " @Input(name = \"series\", timesteps = 4, features = 2)})";
    lines[1] = "@Compile(loss = \"mse\")";
    lines[2] = "interface M {";
    lines[3] =
        "  @Embedding(inputDim = 10, outputDim = 3"
            + (maskZero ? ", maskZero = true" : "")
            + ") Layer embed(Layer ids);";
    lines[4] = "  @LSTM(units = 4) Layer words();";
    lines[5] = "  @GRU(units = 3) Layer values(Layer series);";
    lines[6] = "  @Concatenate Layer both(Layer words, Layer values);";
    lines[7] = "  @Dense(units = 2) Layer head();";
    System.arraycopy(calls, 0, lines, 8, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  /** PyTorch's nn.Embedding then pack_padded_sequence, beside another packed input. */
  @Test
  void severalInputsTakeLengthsAfterTokenIds() {
    assertThat(
            compile(
                idsAndSeries(
                    false,
                    "  float[][] classify(int[][] ids, @Packed int[] idsLengths,"
                        + " float[][][] series, @Packed int[] seriesLengths);",
                    "  void classify(int[][] ids, @Packed int[] idsLengths, float[][][] series,"
                        + " float[][] out);",
                    "  float[][] classify(int[][] ids, @Packed int[] idsLengths,"
                        + " float[][][] series, float[][][] h0, float[][][] c0);",
                    "  dev.rnnc.runtime.train.History fit(int[][] ids, @Packed int[] idsLengths,"
                        + " float[][][] series, @Packed int[] seriesLengths, float[][] y,"
                        + " dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.Logs evaluate(int[][] ids, @Packed int[] idsLengths,"
                        + " float[][][] series, float[][] y);",
                    "  float[][] classify(int[][] ids, float[][][] series);")))
        .succeededWithoutWarnings();
  }

  @Test
  void severalInputsTakeNoLengthsAfterIdsWhoseEmbeddingMasksZero() {
    assertSingleError(
        idsAndSeries(
            true,
            "  float[][] classify(int[][] ids, @Packed int[] idsLengths, float[][][] series,"
                + " @Packed int[] seriesLengths);"),
        "RnncCallMask",
        "classify(",
        "embed (@Embedding(maskZero = true)) makes the mask itself from id 0, replacing the"
            + " lengths: pass one or the other");
  }

  /** The series' lengths alone stay fine beside an embedding that masks zero. */
  @Test
  void severalInputsTakeLengthsAfterASeriesBesideAnEmbeddingThatMasksZero() {
    assertThat(
            compile(
                idsAndSeries(
                    true,
                    "  float[][] classify(int[][] ids, float[][][] series,"
                        + " @Packed int[] seriesLengths);")))
        .succeededWithoutWarnings();
  }

  private static JavaFileObject twoInputsTraining(String... calls) {
    String[] lines = new String[calls.length + 8];
    lines[0] =
        "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
            + " @Input(name = \"b\", timesteps = 4, features = 2)})";
    lines[1] = "@Compile(loss = \"mse\")";
    lines[2] = "interface M {";
    lines[3] = "  @GRU(units = 4) Layer left(Layer a);";
    lines[4] = "  @Bidirectional @LSTM(units = 4) Layer right(Layer b);";
    lines[5] = "  @Concatenate Layer both(Layer left, Layer right);";
    lines[6] = "  @Dense(units = 2) Layer head();";
    System.arraycopy(calls, 0, lines, 7, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void severalInputsTrainOnPackedLengths() {
    assertThat(
            compile(
                twoInputsTraining(
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, @Packed int[] aLengths,"
                        + " float[][][] b, @Packed int[] bLengths, float[][] y,"
                        + " dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, float[][][] b,"
                        + " @Packed int[] bLengths, float[][] y, float[] sampleWeight,"
                        + " dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] a, @Packed int[] aLengths,"
                        + " float[][][] b, float[][] y);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, float[][][] b,"
                        + " float[][] y, dev.rnnc.runtime.train.FitOptions options);",
                    "  float[][] predict(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                        + " @Packed int[] bLengths);")))
        .succeededWithoutWarnings();
  }

  @Test
  void severalInputsTrainingTakesYAfterTheLengths() {
    assertSingleError(
        twoInputsTraining(
            "  dev.rnnc.runtime.train.History fit(float[][][] a, @Packed int[] aLengths,"
                + " float[][][] b, @Packed int[] bLengths, dev.rnnc.runtime.train.FitOptions"
                + " options);"),
        "RnncPacked",
        "@Packed",
        "after the inputs and their lengths, fit takes y[, float[] sampleWeight], FitOptions"
            + " options and evaluate y[, float[] sampleWeight]");
  }

  /** Keras' lengths of several inputs beside @Packed ones: training reads lengths one way. */
  @Test
  void severalInputsTrainingCallsTakeLengthsOneWay() {
    assertSingleError(
        twoInputsTraining(
            "  dev.rnnc.runtime.train.History fit(float[][][] a, @Packed int[] aLengths,"
                + " float[][][] b, @Packed int[] bLengths, float[][] y,"
                + " dev.rnnc.runtime.train.FitOptions options);",
            "  dev.rnnc.runtime.train.Logs evaluate(float[][][] a, int[] aLengths,"
                + " float[][][] b, int[] bLengths, float[][] y);"),
        "RnncPacked",
        "@Packed",
        "evaluate() trains on Keras' mask= lengths (int[] without @Packed), and a model's training"
            + " calls take lengths one way: mark both @Packed or neither");
  }

  @Test
  void aDirectionOfAPackedBatchReturnsTheOutputAlone() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                + " @Input(name = \"b\", timesteps = 5, features = 3)})",
            "interface M {",
            "  record Both(float[][] forward, float[][] backward) {}",
            "  @Concatenate Layer streams(Layer a, Layer b);",
            "  @Bidirectional(mergeMode = \"none\") @GRU(units = 4, returnSequences = true)"
                + " Layer rnn();",
            "  Both[] both(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                + " @Packed int[] bLengths);",
            "  @Forward float[][][] forward(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                + " @Packed int[] bLengths);",
            "  @Backward Both[] backward(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                + " @Packed int[] bLengths);",
            "}"),
        "RnncDirectionCall",
        "@Backward Both[]",
        "@Backward on backward(): it marks a call returning that one direction",
        "a call of one direction returns that output alone (no record), in no step form");
  }

  @Test
  void trainingCallsTakePackedLengths() {
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = @Input(timesteps = 5, features = 2))",
                    "@Compile(loss = \"mse\")",
                    "interface M {",
                    "  @Bidirectional @GRU(units = 4, returnSequences = true) Layer encoder();",
                    "  @Dense(units = 3) Layer head();",
                    "  dev.rnnc.runtime.train.History fit(float[][][] x, @Packed int[] lengths,"
                        + " float[][][] y, dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] x, @Packed int[] lengths,"
                        + " float[][][] y);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] x, float[][][] y);",
                    "  float[][][] tag(float[][][] x, @Packed int[] lengths);",
                    "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void trainingCallsTakeLengthsOneWay() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "@Compile(loss = \"mse\")",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder();",
            "  dev.rnnc.runtime.train.History fit(float[][][] x, @Packed int[] lengths,"
                + " float[][] y, dev.rnnc.runtime.train.FitOptions options);",
            "  dev.rnnc.runtime.train.Logs evaluate(float[][][] x, int[] lengths, float[][] y);",
            "}"),
        "RnncPacked",
        "@Packed",
        "evaluate() trains on Keras' mask= lengths (int[] without @Packed), and a model's training"
            + " calls take lengths one way: mark both @Packed or neither");
  }
}
