package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Sizes whose weight arrays a Java array cannot hold are compile errors at the size. */
class ArraySizeErrorsTest {

  private static void assertSingleError(JavaFileObject src, String line, String message) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[RnncArrayTooLarge]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(message);
  }

  @Test
  void recurrentKernelTooLarge() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(",
            "      units = 24000) Layer a();",
            "}");
    // U: 24,000 rows of 4 gate blocks of 24,000 floats
    assertSingleError(src, "units = 24000", "a needs a weight array of 2,304,000,000 floats");
  }

  @Test
  void embeddingTableTooLarge() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(outputDim = 64,",
            "      inputDim = 40000000) Layer e();",
            "  @GRU(units = 4) Layer g();",
            "}");
    assertSingleError(src, "inputDim = 40000000", "lower inputDim");
  }

  @Test
  void theLargestArraysThatFitCompile() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 16000) Layer a();", // U: 16,000 x 64,000 = 1,024,000,000 floats
            "}");
    assertThat(compile(src)).succeeded();
  }
}
