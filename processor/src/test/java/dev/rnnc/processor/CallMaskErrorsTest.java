package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Calls passing a mask (Keras' {@code mask=}) compile in every form on a float sequence input, and
 * are {@code RnncCallMask} errors at the call where Keras would not pass the mask on as given or
 * rnnc does not carry it yet.
 */
class CallMaskErrorsTest {
  private static void assertSingleError(JavaFileObject src, String line, String text) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[RnncCallMask]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  @Test
  void everyMaskFormCompiles() {
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = @Input(timesteps = 5, features = 2))",
                    "interface M {",
                    "  @LSTM(units = 4, returnSequences = true, stateful = false) Layer encoder();",
                    "  @GRU(units = 3) Layer summary();",
                    "  float[] predict(float[][] x, boolean[] mask);",
                    "  float[][] predict(float[][][] x, boolean[][] mask);",
                    "  float[][] predict(float[][][] x, int[] lengths);",
                    "  void predictInto(float[][] x, boolean[] mask, float[] out);",
                    "  void predictInto(float[][][] x, boolean[][] mask, float[][] out);",
                    "  void predictInto(float[][][] x, int[] lengths, float[][] out);",
                    "  float[] predict(float[][] x);",
                    "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void maskingLayerMakesItsOwn() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @Masking Layer padding();",
            "  @LSTM(units = 4) Layer encoder();",
            "  float[] predict(float[][] x, boolean[] mask);",
            "}"),
        "float[] predict(float[][] x, boolean[] mask)",
        "predict passes a mask, which this model cannot take: padding (@Masking) makes the mask"
            + " itself, replacing the one passed (as in Keras): pass one or the other");
  }

  @Test
  void tokenInput() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 3) Layer embed();",
            "  @LSTM(units = 4) Layer encoder();",
            "  float[] predict(int[] ids, boolean[] mask);",
            "}"),
        "float[] predict(int[] ids, boolean[] mask)",
        "not a float sequence (Keras' Embedding without mask_zero drops a mask)");
  }

  @Test
  void trainingModelTakesMasksInEveryCall() {
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = @Input(timesteps = 5, features = 2))",
                    "@Compile(loss = \"mse\")",
                    "interface M {",
                    "  @LSTM(units = 4, returnSequences = true) Layer encoder();",
                    "  @Dense(units = 2) Layer head();",
                    "  float[][][] predict(float[][][] x, int[] lengths);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] x, int[] lengths,"
                        + " float[][][] y, dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] x, int[] lengths,"
                        + " float[][][] y, float[] weights, dev.rnnc.runtime.train.FitOptions o);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] x, float[][][] y);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] x, int[] lengths,"
                        + " float[][][] y);",
                    "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void fitWithLengthsOnTokenInput() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "@Compile(loss = \"mse\")",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 3) Layer embed();",
            "  @LSTM(units = 4) Layer encoder();",
            "  dev.rnnc.runtime.train.History fit(int[][] ids, int[] lengths, float[][] y,"
                + " dev.rnnc.runtime.train.FitOptions options);",
            "}"),
        "History fit(int[][] ids, int[] lengths",
        "not a float sequence (Keras' Embedding without mask_zero drops a mask)");
  }

  /**
   * Keras' {@code mask=[maskA, maskB]} in training: {@code int[]} lengths right after any float
   * sequence input; an {@code int[]} after the last input with nothing but options after it stays y
   * (labels).
   */
  @Test
  void severalInputsTrainOnLengthsAfterEachSequenceInput() {
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                        + " @Input(name = \"b\", timesteps = 5, features = 2)})",
                    "@Compile(loss = \"sparse_categorical_crossentropy\")",
                    "interface M {",
                    "  @LSTM(units = 4) Layer left(Layer a);",
                    "  @LSTM(units = 4) Layer right(Layer b);",
                    "  @Concatenate Layer both(Layer left, Layer right);",
                    "  @Dense(units = 3, activation = \"softmax\") Layer head();",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, int[] aLengths,"
                        + " float[][][] b, int[] bLengths, int[] labels,"
                        + " dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, float[][][] b,"
                        + " int[] bLengths, int[] labels, float[] weights,"
                        + " dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, int[] aLengths,"
                        + " float[][][] b, int[] labels, dev.rnnc.runtime.train.FitOptions o);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, float[][][] b,"
                        + " int[] labels, dev.rnnc.runtime.train.FitOptions options);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] a, int[] aLengths,"
                        + " float[][][] b, int[] bLengths, int[] labels);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] a, int[] aLengths,"
                        + " float[][][] b, int[] labels, float[] weights);",
                    "  dev.rnnc.runtime.train.Logs evaluate(float[][][] a, float[][][] b,"
                        + " int[] labels);",
                    "}")))
        .succeededWithoutWarnings();
  }

  /** A @Masking layer makes its own mask in training too. */
  @Test
  void severalInputsFitLengthsNotWithAMaskingLayer() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                + " @Input(name = \"b\", timesteps = 5, features = 2)})",
            "@Compile(loss = \"mse\")",
            "interface M {",
            "  @Masking(maskValue = 0) Layer masked(Layer a);",
            "  @LSTM(units = 4) Layer left();",
            "  @LSTM(units = 4) Layer right(Layer b);",
            "  @Concatenate Layer both(Layer left, Layer right);",
            "  dev.rnnc.runtime.train.History fit(float[][][] a, float[][][] b, int[] bLengths,"
                + " float[][] y, dev.rnnc.runtime.train.FitOptions options);",
            "}"),
        "History fit(float[][][] a",
        "masked (@Masking) makes the mask itself, replacing the one passed (as in Keras): pass"
            + " one or the other");
  }

  /** Training takes lengths only, as with one input: a boolean[][] mask is no fit form. */
  @Test
  void severalInputsFitTakesNoBooleanMask() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                + " @Input(name = \"b\", timesteps = 5, features = 2)})",
            "@Compile(loss = \"mse\")",
            "interface M {",
            "  @LSTM(units = 4) Layer left(Layer a);",
            "  @LSTM(units = 4) Layer right(Layer b);",
            "  @Concatenate Layer both(Layer left, Layer right);",
            "  dev.rnnc.runtime.train.History fit(float[][][] a, boolean[][] aMask, float[][][] b,"
                + " float[][] y, dev.rnnc.runtime.train.FitOptions options);",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[RnncCallSignature]").inFile(src).onLineContaining("aMask");
    assertThat(c)
        .hadErrorContaining(
            "History fit(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths,"
                + " float[][] y, FitOptions options) (training; Keras' mask=[...] as int[] lengths"
                + " after any sequence input)");
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

  /** Keras' model([a, b], mask=[maskA, maskB]): a mask right after each sequence input it masks. */
  @Test
  void severalInputsTakeAMaskAfterEachSequenceInput() {
    assertThat(
            compile(
                twoInputs(
                    "  float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b,"
                        + " boolean[][] bMask, float[][] meta);",
                    "  float[][] predict(float[][][] a, int[] aLengths, float[][][] b,"
                        + " int[] bLengths, float[][] meta);",
                    "  float[][] predict(float[][][] a, float[][][] b, int[] bLengths,"
                        + " float[][] meta);",
                    "  float[] predict(float[][] a, boolean[] aMask, float[][] b, boolean[] bMask,"
                        + " float[] meta);",
                    "  void predict(float[][][] a, boolean[][] aMask, float[][][] b, float[][] meta,"
                        + " float[][] out);",
                    "  float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b,"
                        + " float[][] meta, float[][] h, float[][] c);",
                    "  float[][] predict(float[][][] a, int[] aLengths, float[][][] b,"
                        + " float[][] meta, float[][][] h0, float[][][] c0);",
                    "  Parts[] parts(float[][][] a, boolean[][] aMask, float[][][] b,"
                        + " boolean[][] bMask, float[][] meta);")))
        .succeededWithoutWarnings();
  }

  /** The masks of inference calls beside fit, which trains with every timestep real. */
  @Test
  void severalInputsMasksBesideFit() {
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                        + " @Input(name = \"b\", timesteps = 5, features = 2)})",
                    "@Compile(loss = \"mse\")",
                    "interface M {",
                    "  @LSTM(units = 4) Layer left(Layer a);",
                    "  @LSTM(units = 4) Layer right(Layer b);",
                    "  @Concatenate Layer both(Layer left, Layer right);",
                    "  float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b,"
                        + " boolean[][] bMask);",
                    "  dev.rnnc.runtime.train.History fit(float[][][] a, float[][][] b,"
                        + " float[][] y, dev.rnnc.runtime.train.FitOptions options);",
                    "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void severalInputsTakeOneKindOfMaskPerCall() {
    JavaFileObject src =
        twoInputs(
            "  float[][] predict(float[][][] a, int[] aLengths, float[][][] b, boolean[][] bMask,"
                + " float[][] meta);");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[RnncCallSignature]").inFile(src).onLineContaining("bMask");
    assertThat(c)
        .hadErrorContaining(
            "float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b, boolean[][] bMask,"
                + " float[][] meta) (Keras' mask=[...]: a boolean[][] or int[] lengths after any"
                + " sequence input, one kind per call, boolean[] for one sample; an input without"
                + " one is unmasked)");
  }

  @Test
  void severalInputsTakeNoMaskAfterAVectorInput() {
    JavaFileObject src =
        twoInputs(
            "  float[][] predict(float[][][] a, float[][][] b, float[][] meta,"
                + " boolean[][] metaMask);");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("[RnncCallSignature]")
        .inFile(src)
        .onLineContaining("metaMask");
  }

  @Test
  void severalInputsMaskNotWithAMaskingLayer() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
                + " @Input(name = \"b\", timesteps = 5, features = 2)})",
            "interface M {",
            "  @Masking(maskValue = 0) Layer masked(Layer a);",
            "  @LSTM(units = 4) Layer left();",
            "  @LSTM(units = 4) Layer right(Layer b);",
            "  @Concatenate Layer both(Layer left, Layer right);",
            "  float[][] predict(float[][][] a, boolean[][] aMask, float[][][] b,"
                + " boolean[][] bMask);",
            "}"),
        "float[][] predict(",
        "masked (@Masking) makes the mask itself, replacing the one passed (as in Keras): pass"
            + " one or the other");
  }

  @Test
  void wrongMaskTypeListsTheMaskForms() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer encoder();",
            "  float[] predict(float[][] x, boolean[][] mask);",
            "}");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining("[RnncCallSignature]")
        .inFile(src)
        .onLineContaining("boolean[][] mask);");
    assertThat(c)
        .hadErrorContaining(
            "float[] predict(float[][], boolean[] mask) and float[][] predict(float[][][],"
                + " boolean[][] mask or int[] lengths)");
  }
}
