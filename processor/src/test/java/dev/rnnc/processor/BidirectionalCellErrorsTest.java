package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Bidirectional} around {@code @RNN}: it compiles for a custom cell and for stacked cells;
 * what it does not do yet is an error at the value that asks for it.
 */
class BidirectionalCellErrorsTest {
  private static JavaFileObject modelWith(String... lines) {
    String[] all = new String[lines.length + 4];
    all[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    all[1] = "interface M {";
    System.arraycopy(lines, 0, all, 2, lines.length);
    all[lines.length + 2] = "  float[] predict(float[][] x);";
    all[lines.length + 3] = "}";
    return model("M", all);
  }

  private static void assertSingleError(Compilation c, JavaFileObject src, String id, String line) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void aroundStackedCellsCompiles() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional(mergeMode = \"sum\")",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)})",
            "  Layer stack();");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void mergeModeNone() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional(",
            "      mergeMode = \"none\")",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)})",
            "  Layer stack();");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncBidirectionalCellUnsupported] @Bidirectional around @RNN does not support"
                + " mergeMode = \"none\" yet")
        .inFile(src)
        .onLineContaining("mergeMode = \"none\")");
  }

  @Test
  void stateful() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},",
            "      stateful = true)",
            "  Layer stack();");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncBidirectionalCellUnsupported] @Bidirectional around @RNN does not support"
                + " stateful = true yet")
        .inFile(src)
        .onLineContaining("stateful = true)");
  }

  @Test
  void backwardLayer() {
    JavaFileObject src =
        modelWith(
            "  @Bidirectional(",
            "      backwardLayer = \"reverse\")",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)})",
            "  Layer stack();",
            "  @LSTM(units = 3, goBackwards = true) Layer reverse();");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncBidirectionalCellUnsupported] @Bidirectional around @RNN does not support"
                + " backwardLayer yet")
        .inFile(src)
        .onLineContaining("backwardLayer = \"reverse\")");
  }

  @Test
  void aroundDenseStillRefused() {
    JavaFileObject src =
        modelWith("  @Bidirectional @Dense(units = 4) Layer a();", "  @LSTM(units = 3) Layer b();");
    assertSingleError(
        compile(src), src, "RnncBidirectionalNeedsRecurrent", "@Bidirectional @Dense");
  }
}
