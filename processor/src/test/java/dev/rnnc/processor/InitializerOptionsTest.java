package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Keras initializer names on {@code @LSTM}, {@code @GRU}, {@code @SimpleRNN}, {@code @Cell} and
 * {@code @Dense}: an unknown name is an error at its value; a known one reaches {@code
 * create(seed)}.
 */
class InitializerOptionsTest {

  private static void assertSingleError(JavaFileObject src, String id, String line) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void unknownNameOnALayerNamesTheKnownOnes() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @GRU(units = 4,",
            "      recurrentInitializer = \"orthogonl\") Layer a();",
            "}");
    assertSingleError(src, "RnncUnknownInitializer", "recurrentInitializer = \"orthogonl\"");
    assertThat(compile(src))
        .hadErrorContaining(
            "unknown initializer \"orthogonl\"; known: zeros, ones, constant, glorot_uniform");
  }

  @Test
  void unknownNameOnDense() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @SimpleRNN(units = 4) Layer a();",
            "  @Dense(units = 1,",
            "      biasInitializer = \"one\") Layer b();",
            "}");
    assertSingleError(src, "RnncUnknownInitializer", "biasInitializer = \"one\"");
  }

  @Test
  void unknownNameOnAStackedCell() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 3),",
            "      @Cell(type = GRUCell.class, units = 2, kernelInitializer = \"he\")}) Layer a();",
            "}");
    assertSingleError(src, "RnncUnknownInitializer", "kernelInitializer = \"he\"");
  }

  @Test
  void knownNamesReachTheGeneratedInitializers() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4, kernelInitializer = \"he_normal\", recurrentInitializer = \"identity\",",
            "      biasInitializer = \"ones\") Layer a();",
            "  @Dense(units = 1, kernelInitializer = \"zeros\") Layer b();",
            "}");
    Compilation c = compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .generatedSourceFile("test.RnncM")
        .contentsAsUtf8String()
        .contains("Initializer.keras(\"he_normal\")");
    assertThat(c)
        .generatedSourceFile("test.RnncM")
        .contentsAsUtf8String()
        .contains("Initializer.keras(\"identity\")");
    assertThat(c)
        .generatedSourceFile("test.RnncM")
        .contentsAsUtf8String()
        .contains("Initializer.unitForgetBias(Initializer.keras(\"ones\"), A_UNITS)");
    assertThat(c)
        .generatedSourceFile("test.RnncM")
        .contentsAsUtf8String()
        .contains("bKernel, Initializer.zeros())");
  }
}
