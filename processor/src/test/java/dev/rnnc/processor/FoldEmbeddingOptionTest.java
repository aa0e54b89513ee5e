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
 * bytes = 25,600 bytes); off by default. The folded code's numbers are checked against Keras by the
 * examples' parity suite, which is compiled with the option.
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

  private static String generated(String... options) throws IOException {
    String[] all = new String[options.length + 4];
    all[0] = "--release";
    all[1] = "25";
    all[2] = "--add-modules";
    all[3] = "jdk.incubator.vector";
    System.arraycopy(options, 0, all, 4, options.length);
    Compilation c =
        javac().withProcessors(new RnncProcessor()).withOptions((Object[]) all).compile(SOURCE);
    assertThat(c).succeeded();
    return c.generatedSourceFile("test.RnncT").orElseThrow().getCharContent(true).toString();
  }

  @Test
  void offByDefault() throws IOException {
    String code = generated();
    assertThat(code).doesNotContain("foldEmbedding");
    assertThat(code)
        .contains(
            "Embeddings.lookup(ids, TIMESTEPS, embeddingEmbeddings, EMBEDDING_STRIDE, embeddingOutput)");
  }

  @Test
  void foldedWhenTheTableFits() throws IOException {
    String code = generated("-Arnnc.foldEmbeddingMaxBytes=25600");
    assertThat(code)
        .contains(
            "private final float[] lstmFoldedProjection = new float[EMBEDDING_INPUT_DIM * LSTM_GATES]");
    assertThat(code)
        .contains(
            "Embeddings.lookup(ids, TIMESTEPS, lstmFoldedProjection, LSTM_GATES, lstmProjection)");
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
