package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Near-miss names get a "did you mean"; far ones only the list, which leaves out what cannot fit.
 */
class SuggestionErrorsTest {

  private static Compilation compileLayers(String... layers) {
    String[] lines = new String[layers.length + 3];
    lines[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    System.arraycopy(layers, 0, lines, 2, layers.length);
    lines[lines.length - 1] = "}";
    JavaFileObject src = model("M", lines);
    return compile(src);
  }

  @Test
  void nearMissActivation() {
    Compilation c =
        compileLayers("  @LSTM(units = 4, recurrentActivation = \"sigmod\") Layer a();");
    assertThat(c).hadErrorContaining("unknown activation \"sigmod\"");
    assertThat(c).hadErrorContaining("did you mean \"sigmoid\"?");
  }

  @Test
  void farActivationGetsTheListWithoutSoftmaxOutsideDense() {
    Compilation c = compileLayers("  @SimpleRNN(units = 4, activation = \"leaky\") Layer a();");
    assertThat(c).hadErrorContaining("unknown activation \"leaky\"; known: linear, tanh");
    assertThat(c).hadErrorContaining("swish, softplus, softsign");
    assertThat(c.errors().getFirst().getMessage(null)).doesNotContain("softmax");
    assertThat(c.errors().getFirst().getMessage(null)).doesNotContain("did you mean");
  }

  @Test
  void nearMissMergeMode() {
    Compilation c =
        compileLayers("  @Bidirectional(mergeMode = \"cocnat\") @LSTM(units = 4) Layer a();");
    assertThat(c).hadErrorContaining("[RnncUnknownMergeMode] unknown mergeMode \"cocnat\"");
    assertThat(c).hadErrorContaining("did you mean \"concat\"?");
  }

  @Test
  void nearMissInitializer() {
    Compilation c =
        compileLayers("  @GRU(units = 4, kernelInitializer = \"glorot_unifrom\") Layer a();");
    assertThat(c).hadErrorContaining("did you mean \"glorot_uniform\"?");
  }
}
