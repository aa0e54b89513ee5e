package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code -Arnnc.foldEmbeddingMaxBytes}: an Embedding feeding a recurrent layer is folded into its
 * input projection only when the option allows a table that large (here 100 tokens × 4·16 gates × 4
 * bytes = 25,600 bytes); by default up to 32 MiB. The folded code's numbers are checked against
 * Keras by the examples' parity suite, which is compiled with a small budget so it checks both
 * forms.
 */
class FoldEmbeddingOptionTest {
  private static final JavaFileObject SOURCE =
      model(
          "T",
          "@RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))",
          "interface T {",
          "  @Embedding(inputDim = 100, outputDim = 8) Layer embedding();",
          "  @LSTM(units = 5) Layer lstm();",
          "  float[] predict(int[] ids);",
          "}");

  /** A table of {@code inputDim} × 4·128 gates × 4 bytes: 32 MiB at 16,384 tokens. */
  private static JavaFileObject vocabulary(int inputDim) {
    return model(
        "T",
        "@RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))",
        "interface T {",
        "  @Embedding(inputDim = " + inputDim + ", outputDim = 8) Layer embedding();",
        "  @LSTM(units = 128) Layer lstm();",
        "  float[] predict(int[] ids);",
        "}");
  }

  private static String generated(String... options) throws IOException {
    return generated(SOURCE, options);
  }

  private static String generated(JavaFileObject source, String... options) throws IOException {
    String[] all = new String[options.length + 4];
    all[0] = "--release";
    all[1] = "25";
    all[2] = "--add-modules";
    all[3] = "jdk.incubator.vector";
    System.arraycopy(options, 0, all, 4, options.length);
    Compilation c =
        javac().withProcessors(new RnncProcessor()).withOptions((Object[]) all).compile(source);
    assertThat(c).succeeded();
    return c.generatedSourceFile("test.RnncT").orElseThrow().getCharContent(true).toString();
  }

  @Test
  void foldedByDefault() throws IOException {
    assertThat(generated()).contains("foldEmbedding()");
  }

  @Test
  void defaultBudgetIs32MiB() throws IOException {
    assertThat(generated(vocabulary(16384))).contains("foldEmbedding()");
    assertThat(generated(vocabulary(16385))).doesNotContain("foldEmbedding");
  }

  @Test
  void zeroTurnsFoldingOff() throws IOException {
    String code = generated("-Arnnc.foldEmbeddingMaxBytes=0");
    assertThat(code).doesNotContain("foldEmbedding");
    assertThat(code)
        .contains(
            "Embeddings.lookup(ids, TIMESTEPS, embeddingEmbeddings, EMBEDDING_STRIDE, embeddingOutput)");
  }

  @Test
  void foldedWhenTheTableFits() throws IOException {
    String code = generated("-Arnnc.foldEmbeddingMaxBytes=25600");
    assertThat(code).contains("lstmFolded = from != null ? from.lstmFolded : new FoldedTable(");
    assertThat(code)
        .contains("Embeddings.lookup(ids, TIMESTEPS, foldEmbedding(), LSTM_GATES, lstmProjection)");
    assertThat(code).doesNotContain("embeddingOutput");
  }

  @Test
  void notFoldedWhenTheTableIsLarger() throws IOException {
    assertThat(generated("-Arnnc.foldEmbeddingMaxBytes=25599")).doesNotContain("foldEmbedding");
  }

  @Test
  void badValueIsAnError() {
    Compilation c =
        javac()
            .withProcessors(new RnncProcessor())
            .withOptions(
                "--release",
                "25",
                "--add-modules",
                "jdk.incubator.vector",
                "-Arnnc.foldEmbeddingMaxBytes=-1")
            .compile(SOURCE);
    assertThat(c)
        .hadErrorContaining(
            "[RnncBadOption] processor option -Arnnc.foldEmbeddingMaxBytes=-1: expected a byte count >= 0");
  }
}
