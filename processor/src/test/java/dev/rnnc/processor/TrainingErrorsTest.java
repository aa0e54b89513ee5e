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

  @Test
  void fitWithoutCompile() {
    JavaFileObject src =
        model("", LSTM_DENSE, "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncCompileMissing", "History fit(");
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

  @Test
  void unsupportedModelSaysWhat() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "  @LSTM(units = 4, stateful = true) Layer a(); @Dense(units = 3) Layer b();",
            "  History fit(float[][][] x, float[][] y, FitOptions o);");
    assertSingleError(src, "RnncFitUnsupported", "History fit(");
    assertThat(compile(src)).hadErrorContaining("a is stateful");
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
}
