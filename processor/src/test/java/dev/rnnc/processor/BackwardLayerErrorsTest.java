package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Bidirectional(backwardLayer)} declarations Keras refuses (or whose outputs Keras infers
 * wrongly): one javac error each, with a stable id, at the value or layer that is wrong; and a
 * valid declaration of another class, which compiles cleanly.
 */
class BackwardLayerErrorsTest {
  private static void assertSingleError(JavaFileObject src, String id, String line, String text) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  private static JavaFileObject bidirectional(String... body) {
    String[] lines = new String[body.length + 4];
    lines[0] = "@RnnModel(input = @Input(timesteps = 5, features = 2))";
    lines[1] = "interface M {";
    System.arraycopy(body, 0, lines, 2, body.length);
    lines[lines.length - 2] = "  float[] predict(float[][] x);";
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  @Test
  void validBackwardLayerOfAnotherClassCompiles() {
    Compilation c =
        compile(
            bidirectional(
                "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer encoder();",
                "  @GRU(units = 4, goBackwards = true) Layer reverse();",
                "  @Dense(units = 1) Layer head();"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void namingNoMethod() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer encoder();",
            "  @Dense(units = 1) Layer head();"),
        "RnncBackwardLayerUnknown",
        "backwardLayer = \"reverse\"",
        "there is no layer method reverse");
  }

  @Test
  void namingItself() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"encoder\") @LSTM(units = 4) Layer encoder();",
            "  @Dense(units = 1) Layer head();"),
        "RnncBackwardLayerUnknown",
        "backwardLayer = \"encoder\"",
        "it names encoder itself");
  }

  @Test
  void backwardLayerNotRecurrent() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer encoder();",
            "  @Dense(units = 4) Layer reverse();",
            "  @Dense(units = 1) Layer head();"),
        "RnncBackwardLayerKind",
        "@Dense(units = 4) Layer reverse()",
        "must be an @LSTM, @GRU or @SimpleRNN, not @Dense");
  }

  @Test
  void sameGoBackwards() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer encoder();",
            "  @GRU(units = 4) Layer reverse();",
            "  @Dense(units = 1) Layer head();"),
        "RnncBackwardLayerMismatch",
        "@GRU(units = 4) Layer reverse()",
        "the backward layer reverse must set goBackwards = true, as Keras requires of a backward_layer");
  }

  @Test
  void otherReturnSequences() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4, returnSequences = true) Layer encoder();",
            "  @GRU(units = 4, goBackwards = true) Layer reverse();",
            "  @LSTM(units = 3) Layer summary();",
            "  @Dense(units = 1) Layer head();"),
        "RnncBackwardLayerMismatch",
        "@GRU(units = 4, goBackwards = true) Layer reverse()",
        "must set the same returnSequences, as Keras requires of a backward_layer: encoder sets returnSequences = true, reverse sets returnSequences = false");
  }

  @Test
  void otherWidth() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer encoder();",
            "  @GRU(units = 3, goBackwards = true) Layer reverse();",
            "  @Dense(units = 1) Layer head();"),
        "RnncBackwardLayerShape",
        "@GRU(units = 3, goBackwards = true) Layer reverse()",
        "must output what encoder outputs (width 4), since Keras infers");
  }

  @Test
  void otherStatesWithReturnState() {
    Compilation c =
        compile(
            model(
                "M",
                "@RnnModel(input = @Input(timesteps = 5, features = 2))",
                "interface M {",
                "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4, returnState = true) Layer encoder();",
                "  @GRU(units = 4, returnState = true, goBackwards = true) Layer reverse();",
                "}"));
    assertThat(c).hadErrorContaining("[RnncBackwardLayerShape]");
    assertThat(c)
        .hadErrorContaining(
            "(width 4, states (h 4, c 4)), since Keras infers a Bidirectional layer's outputs from the forward layer; reverse has the states (h 4)");
  }

  @Test
  void backwardLayerValuesAreChecked() {
    assertSingleError(
        bidirectional(
            "  @Bidirectional(backwardLayer = \"reverse\") @LSTM(units = 4) Layer encoder();",
            "  @GRU(units = 4, goBackwards = true, activation = \"tanhh\") Layer reverse();",
            "  @Dense(units = 1) Layer head();"),
        "RnncUnknownActivation",
        "activation = \"tanhh\"",
        "unknown activation \"tanhh\"");
  }
}
