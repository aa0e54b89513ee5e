package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Bidirectional(mergeMode = "none")} outputs its directions apart: a layer, call or model
 * output that reads it as one output, and {@code @Forward}/{@code @Backward} naming anything else,
 * are javac errors with a stable id at the parameter or annotation that is wrong.
 */
class MergeNoneErrorsTest {
  private static void assertSingleError(JavaFileObject src, String id, String line, String text) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  private static JavaFileObject graph(String... body) {
    String[] lines = new String[body.length + 3];
    lines[0] = "@RnnModel(input = @Input(name = \"x\", timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    System.arraycopy(body, 0, lines, 2, body.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void directionsReadApartCompile() {
    Compilation c =
        compile(
            graph(
                "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4, returnSequences = true) Layer encoder();",
                "  @Dense(units = 3) Layer tags(@Forward Layer encoder);",
                "  @Concatenate Layer joined(@Backward(\"encoder\") Layer backward, Layer tags);",
                "  float[][] predict(float[][] x);"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void chainedLayerAfterNone() {
    assertSingleError(
        graph(
            "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4, returnSequences = true) Layer encoder();",
            "  @Dense(units = 3) Layer head();",
            "  float[][] predict(float[][] x);"),
        "RnncDirectionNeeded",
        "@Dense(units = 3) Layer head()",
        "encoder has mergeMode = \"none\", so it outputs its two directions apart and head() cannot read it as one output;"
            + " name one as a parameter: @Forward Layer encoder or @Backward Layer encoder");
  }

  @Test
  void plainParameterNamingNone() {
    assertSingleError(
        graph(
            "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4, returnSequences = true) Layer encoder();",
            "  @Dense(units = 3) Layer tags(@Forward Layer encoder);",
            "  @Concatenate Layer joined(Layer encoder, Layer tags);",
            "  float[][] predict(float[][] x);"),
        "RnncDirectionNeeded",
        "Layer joined(Layer encoder, Layer tags)",
        "joined() cannot read it as one output");
  }

  @Test
  void noneAsTheModelOutput() {
    assertSingleError(
        graph(
            "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4) Layer encoder();",
            "  float[] predict(float[][] x);"),
        "RnncDirectionNeeded",
        "float[] predict(float[][] x)",
        "predict() cannot read it as one output; return both, as a Keras model outputs [forward,"
            + " backward]: a record R(float[] forward, float[] backward) from R predict(...) or R[]"
            + " for a batch; or one, marking the call @Forward or @Backward");
  }

  @Test
  void noneAsTheModelOutputReturnsBothDirections() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(name = \"x\", timesteps = 5, features = 2))",
            "interface M {",
            "  record Both(float[][] forward, float[][] backward) {}",
            "  @Bidirectional(mergeMode = \"none\") @GRU(units = 4, returnSequences = true) Layer encoder(Layer x);",
            "  Both predict(float[][] x);",
            "  Both[] predict(float[][][] batch);",
            "}");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void directionsRecordInAnotherOrder() {
    assertSingleError(
        model(
            "M",
            "@RnnModel(input = @Input(name = \"x\", timesteps = 5, features = 2))",
            "interface M {",
            "  record Both(float[] backward, float[] forward) {}",
            "  @Bidirectional(mergeMode = \"none\") @GRU(units = 4) Layer encoder(Layer x);",
            "  Both predict(float[][] x);",
            "}"),
        "RnncCallSignature",
        "Both predict(float[][] x)",
        "does not fit the model");
  }

  @Test
  void directionOfAMergedLayer() {
    assertSingleError(
        graph(
            "  @Bidirectional @LSTM(units = 4, returnSequences = true) Layer encoder();",
            "  @Dense(units = 3) Layer tags(@Forward Layer encoder);",
            "  float[][] predict(float[][] x);"),
        "RnncDirectionTarget",
        "Layer tags(@Forward Layer encoder)",
        "@Forward(\"encoder\") on tags() must name an earlier @Bidirectional(mergeMode = \"none\") layer; encoder merges its"
            + " directions (mergeMode = \"concat\"); read it without @Forward / @Backward");
  }

  @Test
  void directionOfAPlainLayer() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4, returnSequences = true) Layer encoder();",
            "  @Dense(units = 3) Layer tags(@Backward Layer encoder);",
            "  float[][] predict(float[][] x);"),
        "RnncDirectionTarget",
        "Layer tags(@Backward Layer encoder)",
        "encoder merges its directions: it is no Bidirectional layer");
  }

  @Test
  void directionOfAnInput() {
    assertSingleError(
        graph(
            "  @LSTM(units = 4) Layer encoder(@Forward Layer x);",
            "  float[] predict(float[][] x);"),
        "RnncDirectionTarget",
        "Layer encoder(@Forward Layer x)",
        "x is a model input");
  }

  @Test
  void outputRecordNamingNone() {
    assertSingleError(
        graph(
            "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4) Layer encoder();",
            "  @Dense(units = 1) Layer head(@Forward Layer encoder);",
            "  record Out(float[] encoder, float[] head) {}",
            "  Out predict(float[][] x);"),
        "RnncDirectionNeeded",
        "Out predict(float[][] x)",
        "predict() cannot read it as one output");
  }

  @Test
  void oneDirectionCallsCompile() {
    Compilation c =
        compile(
            graph(
                "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4) Layer encoder();",
                "  @Forward float[] forward(float[][] x);",
                "  @Backward float[][] backward(float[][][] x);",
                "  @Backward void backwardInto(float[][] x, float[] out);"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void aDirectionComponentBesideAHeadCompiles() {
    Compilation c =
        compile(
            graph(
                "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4) Layer encoder();",
                "  @Dense(units = 1) Layer head(@Forward Layer encoder);",
                "  record Out(float[] head, float[] encoderBackward) {}",
                "  Out predict(float[][] x);"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void aDirectionCallNeedsANoneLastLayer() {
    assertSingleError(
        graph(
            "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4) Layer encoder();",
            "  @Dense(units = 1) Layer head(@Backward Layer encoder);",
            "  @Forward",
            "  float[] predict(float[][] x);"),
        "RnncDirectionCall",
        "@Forward",
        "@Forward on predict(): it marks a call returning that one direction of the model's last"
            + " layer, a @Bidirectional(mergeMode = \"none\") layer (keras.Model(x, forward)); head is"
            + " no @Bidirectional(mergeMode = \"none\") layer");
  }

  @Test
  void aDirectionCallReturnsNoRecord() {
    assertSingleError(
        graph(
            "  @Bidirectional(mergeMode = \"none\") @LSTM(units = 4) Layer encoder();",
            "  record Both(float[] forward, float[] backward) {}",
            "  @Backward",
            "  Both predict(float[][] x);"),
        "RnncDirectionCall",
        "@Backward",
        "a call of one direction returns that output alone (no record), in no step form");
  }
}
