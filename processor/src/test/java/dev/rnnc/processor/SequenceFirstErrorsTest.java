package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @SequenceFirst} (PyTorch's {@code batch_first=False}) marks batch calls of one float
 * sequence input, or of several inputs without token ids; elsewhere it is one {@code
 * RnncSequenceFirst} error at the annotation.
 */
class SequenceFirstErrorsTest {
  private static void assertSingleError(JavaFileObject src, String line, String text) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[RnncSequenceFirst]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  private static JavaFileObject floatModel(String... calls) {
    String[] lines = new String[calls.length + 5];
    lines[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    lines[2] = "  @LSTM(units = 4, returnSequences = true) Layer encoder();";
    lines[3] = "  @Dense(units = 3) Layer head();";
    System.arraycopy(calls, 0, lines, 4, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void batchCallsCompile() {
    assertThat(
            compile(
                floatModel(
                    "  @SequenceFirst float[][][] predict(float[][][] x);",
                    "  float[][][] batchFirst(float[][][] x);",
                    "  @SequenceFirst void predictInto(float[][][] x, float[][][] out);",
                    "  @SequenceFirst float[][][] predict(float[][][] x, int[] lengths);",
                    "  @SequenceFirst float[][][] packed(float[][][] x, @Packed int[] lengths);",
                    "  @SequenceFirst float[][][] predict(float[][][] x, float[][] h, float[][] c);",
                    "  @SequenceFirst void packedInto(float[][][] x, @Packed int[] lengths,"
                        + " float[][] h, float[][] c, float[][][] out);")))
        .succeededWithoutWarnings();
  }

  @Test
  void notOnOneSample() {
    assertSingleError(
        floatModel("  @SequenceFirst", "  float[][] predict(float[][] x);"),
        "@SequenceFirst",
        "@SequenceFirst on predict(): it marks a batch call OUT[] m(float[][][] x, ...) (or its"
            + " into form) of a model with one float sequence input, taking x and a sequence output"
            + " as (timesteps, batch, features) (PyTorch's batch_first = False); predict() is no"
            + " batch call");
  }

  @Test
  void notWithAMask() {
    assertSingleError(
        floatModel("  @SequenceFirst", "  float[][][] predict(float[][][] x, boolean[][] mask);"),
        "@SequenceFirst",
        "predict() passes a boolean[][] mask, which has no sequence-first form (pass int[]"
            + " lengths)");
  }

  @Test
  void notOnARecord() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  record Out(float[][] output, float[] h, float[] c) {}",
            "  @LSTM(units = 4, returnSequences = true, returnState = true) Layer encoder();",
            "  @SequenceFirst",
            "  Out[] predict(float[][][] x);",
            "}"),
        "@SequenceFirst",
        "predict() returns a record per sample, which has no sequence-first layout (return the"
            + " output alone)");
  }

  @Test
  void notOnTokenInput() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 3) Layer embed();",
            "  @LSTM(units = 4) Layer encoder();",
            "  @SequenceFirst",
            "  float[][] predict(int[][] ids);",
            "}"),
        "@SequenceFirst",
        "this model takes token ids, one int[] per sample");
  }

  private static JavaFileObject twoInputs(String... calls) {
    String[] lines = new String[calls.length + 8];
    lines[0] =
        "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
            + " @Input(name = \"b\", timesteps = Input.VARIABLE, features = 3),"
            + " @Input(name = \"meta\", timesteps = Input.VECTOR, features = 2)})";
    lines[1] = "interface M {";
    lines[2] = "  @LSTM(units = 4, numLayers = 2) Layer left(Layer a);";
    lines[3] = "  @GRU(units = 4) Layer right(Layer b);";
    lines[4] = "  @Concatenate Layer both(Layer left, Layer right, Layer meta);";
    lines[5] = "  @Dense(units = 3) Layer head();";
    lines[6] = "  record Parts(float[] left, float[] head) {}";
    System.arraycopy(calls, 0, lines, 7, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  /** Each float sequence input (T, B, F); a vector input stays (B, F). */
  @Test
  void severalInputsBatchCallsCompile() {
    assertThat(
            compile(
                twoInputs(
                    "  @SequenceFirst float[][] predict(float[][][] a, float[][][] b,"
                        + " float[][] meta);",
                    "  @SequenceFirst void predictInto(float[][][] a, float[][][] b,"
                        + " float[][] meta, float[][] out);",
                    "  @SequenceFirst float[][] predict(float[][][] a, float[][][] b,"
                        + " float[][] meta, float[][][] h0, float[][][] c0);",
                    "  @SequenceFirst float[][] packed(float[][][] a, @Packed int[] aLengths,"
                        + " float[][][] b, @Packed int[] bLengths, float[][] meta);",
                    "  @SequenceFirst float[][] keras(float[][][] a, int[] aLengths,"
                        + " float[][][] b, float[][] meta);")))
        .succeededWithoutWarnings();
  }

  @Test
  void severalInputsNotOnARecord() {
    assertSingleError(
        twoInputs(
            "  @SequenceFirst", "  Parts[] parts(float[][][] a, float[][][] b, float[][] meta);"),
        "@SequenceFirst",
        "parts() returns a record per sample, which has no sequence-first layout");
  }

  @Test
  void severalInputsNotWithBooleanMasks() {
    assertSingleError(
        twoInputs(
            "  @SequenceFirst",
            "  float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b, float[][] meta);"),
        "@SequenceFirst",
        "predict() passes a boolean[][] mask, which has no sequence-first form (pass int[]"
            + " lengths)");
  }

  @Test
  void severalInputsNotWithTokenIds() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                + " @Input(name = \"ids\", timesteps = 5, dtype = Input.Dtype.INT32)})",
            "interface M {",
            "  @LSTM(units = 4) Layer left(Layer a);",
            "  @Embedding(inputDim = 10, outputDim = 3) Layer embed(Layer ids);",
            "  @GRU(units = 4) Layer right();",
            "  @Concatenate Layer both(Layer left, Layer right);",
            "  @SequenceFirst",
            "  float[][] predict(float[][][] a, int[][] ids);",
            "}"),
        "@SequenceFirst",
        "input ids takes token ids, one int[] per sample, which have no sequence-first form here");
  }

  @Test
  void notOnVectorInput() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = Input.VECTOR, features = 3))",
            "interface M {",
            "  @Dense(units = 2) Layer head();",
            "  @SequenceFirst",
            "  float[][] predict(float[][] x);",
            "}"),
        "@SequenceFirst",
        "this model takes vectors, one float[] per sample, which have no timesteps");
  }

  @Test
  void notOnSeveralVectorInputs() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = Input.VECTOR, features = 3),"
                + " @Input(name = \"b\", timesteps = Input.VECTOR, features = 2)})",
            "interface M {",
            "  @Concatenate Layer both(Layer a, Layer b);",
            "  @Dense(units = 2) Layer head();",
            "  @SequenceFirst",
            "  float[][] predict(float[][] a, float[][] b);",
            "}"),
        "@SequenceFirst",
        "no input of this model is a float sequence");
  }
}
