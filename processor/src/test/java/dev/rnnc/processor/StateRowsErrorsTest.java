package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Input(batchSize = B)} on a stateful model: batch calls and {@code resetStates(int row)}
 * compile; a one-sample call with B > 1, a row reset without a batch size and a negative batch size
 * are errors with a stable id at the call or value.
 */
class StateRowsErrorsTest {
  private static JavaFileObject stateful(int batchSize, String... calls) {
    String[] lines = new String[calls.length + 4];
    lines[0] =
        "@RnnModel(input = @Input(timesteps = 5, features = 2"
            + (batchSize == 0 ? "" : ", batchSize = " + batchSize)
            + "))";
    lines[1] = "interface M {";
    lines[2] =
        "  @Bidirectional @GRU(units = 4, stateful = true, returnSequences = true) Layer both();";
    System.arraycopy(calls, 0, lines, 3, calls.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  private static void assertSingleError(JavaFileObject src, String id, String line, String text) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  @Test
  void batchCallsAndRowResetsCompile() {
    assertThat(
            compile(
                stateful(
                    4,
                    "  float[][][] predict(float[][][] batch);",
                    "  void predictInto(float[][][] batch, float[][][] out);",
                    "  float[][][] predict(float[][][] batch, boolean[][] mask);",
                    "  void resetStates();",
                    "  void resetStates(int row);")))
        .succeededWithoutWarnings();
  }

  @Test
  void oneSampleWithSeveralRows() {
    assertSingleError(
        stateful(3, "  float[][] predict(float[][] sample);"),
        "RnncStateRows",
        "float[][] predict(float[][] sample)",
        "the model keeps 3 rows of states (@Input(batchSize = 3)), one per batch row, so it takes"
            + " batches of 3, not one sample");
  }

  @Test
  void rowResetWithoutBatchSize() {
    assertSingleError(
        stateful(0, "  float[][] predict(float[][] sample);", "  void resetStates(int row);"),
        "RnncStateRows",
        "void resetStates(int row)",
        "resetting one row of states needs a stateful model with a declared batch size");
  }

  @Test
  void batchWithoutBatchSizeSuggestsIt() {
    assertSingleError(
        stateful(0, "  float[][][] predict(float[][][] batch);"),
        "RnncStatefulBatchCall",
        "predict(float[][][] batch)",
        "declare @Input(batchSize = B) for batches of B streams");
  }

  @Test
  void negativeBatchSize() {
    assertSingleError(
        stateful(-2, "  float[][][] predict(float[][][] batch);"),
        "RnncUnitsNotPositive",
        "batchSize = -2",
        "batchSize must be positive, was -2");
  }
}
