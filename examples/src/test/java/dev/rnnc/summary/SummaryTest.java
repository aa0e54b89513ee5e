package dev.rnnc.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.examples.RnncForecaster;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.RnncModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code summary()} against the text real Keras 3.15.1 prints for the same models ({@code
 * tools/goldens/keras_summary.py}): byte for byte, box-drawing characters, wrapping, row order,
 * "Connected to" and totals included. Graphs compare with Keras' functional models, InputLayer rows
 * included, as rnnc lists them.
 */
class SummaryTest {

  private static String keras(String fixture) throws IOException {
    try (InputStream in =
        SummaryTest.class.getResourceAsStream("/fixtures/summary/" + fixture + ".txt")) {
      if (in == null) {
        throw new IOException("missing fixture summary/" + fixture + ".txt");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void forecasterNamesALayerSummarySoTheStaticCallPrintsIt() throws IOException {
    assertEquals(keras("forecaster"), RnncModel.summary(RnncForecaster.create(0)));
  }

  @Test
  void chainsMatchKerasSequential() throws IOException {
    SummaryModels.ChainLstmGruDense chain = RnncSummaryModels_ChainLstmGruDense.create(0);
    assertEquals(keras("chain_lstm_gru_dense"), chain.summary(), "declared on the interface");
    assertEquals(keras("chain_lstm_gru_dense"), RnncModel.summary(chain));
    assertEquals(
        keras("embedding_classifier"),
        RnncModel.summary(RnncSummaryModels_EmbeddingClassifier.create(0)));
    assertEquals(keras("rnn_guide"), RnncSummaryModels_RnnGuide.create(0).summary());
    assertEquals(
        keras("bidirectional_guide"), RnncSummaryModels_BidirectionalGuide.create(0).summary());
    assertEquals(keras("stacked_cells"), RnncSummaryModels_StackedCells.create(0).summary());
    assertEquals(keras("stateful_stream"), RnncSummaryModels_StatefulStream.create(0).summary());
  }

  @Test
  void graphsMatchKerasFunctionalModels() throws IOException {
    assertEquals(keras("two_inputs"), RnncSummaryModels_TwoInputs.create(0).summary());
    assertEquals(keras("siamese"), RnncSummaryModels_Siamese.create(0).summary());
    assertEquals(keras("seq2seq"), RnncSummaryModels_Seq2Seq.create(0).summary());
    assertEquals(keras("two_outputs"), RnncSummaryModels_TwoOutputs.create(0).summary());
    assertEquals(keras("matcher"), RnncSummaryModels_Matcher.create(0).summary());
    assertEquals(
        keras("named_chain"),
        RnncSummaryModels_NamedChain.create(0).summary(),
        "a sequential-like graph: an input row, no Connected to");
  }

  /**
   * The one known difference: in a functional model Keras 3.15 runs mask propagation as operations
   * of the graph, so a masked graph's summary has rows for them ({@code not_equal (NotEqual)},
   * {@code any (Any)}, named by a per-session counter) and their tensors in "Connected to" — which
   * also makes Keras print that column for a model that is otherwise a chain. rnnc lists the
   * declared inputs and layers only: the same rows, shapes and counts, without the mask operations.
   */
  @Test
  void maskedGraphsLeaveOutKerasMaskOperations() throws IOException {
    List<List<String>> kerasRows = new ArrayList<>();
    for (String line : keras("masked_graph").split("\n")) {
      String[] cells = line.split("│", -1);
      if (cells.length == 6 && !cells[1].isBlank()) {
        kerasRows.add(Stream.of(cells).skip(1).limit(3).map(String::strip).toList());
      }
    }
    assertEquals(
        List.of(
            List.of("x (InputLayer)", "(None, 5, 4)", "0"),
            List.of("not_equal (NotEqual)", "(None, 5, 4)", "0"),
            List.of("padding (Masking)", "(None, 5, 4)", "0"),
            List.of("any (Any)", "(None, 5)", "0"),
            List.of("encoder (LSTM)", "(None, 3)", "96")),
        kerasRows);
    ModelSummary rnnc = RnncSummaryModels_MaskedGraph.create(0).modelSummary();
    assertEquals(
        kerasRows.stream()
            .filter(
                row -> !row.getFirst().endsWith("(NotEqual)") && !row.getFirst().endsWith("(Any)"))
            .toList(),
        rnnc.rows().stream()
            .map(
                row ->
                    List.of(
                        row.name() + " (" + row.kind() + ")",
                        row.outputShape(),
                        Long.toString(row.params())))
            .toList());
    assertFalse(rnnc.isGraph(), "without the mask operations the model is a chain");
  }

  @Test
  void aNarrowLineWrapsAndCutsAsKerasDoes() throws IOException {
    assertEquals(
        keras("two_inputs_70"), RnncModel.summary(RnncSummaryModels_TwoInputs.create(0), 70));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RnncModel.summary(RnncSummaryModels_TwoInputs.create(0), 12));
    assertTrue(e.getMessage().startsWith("Insufficient console width"), e.getMessage());
  }

  @Test
  void rowsAreDataToo() {
    ModelSummary summary = RnncSummaryModels_EmbeddingClassifier.create(0).modelSummary();
    assertFalse(summary.isGraph());
    assertEquals(164_106, summary.totalParams());
    assertEquals(
        List.of(64_000L, 98_816L, 1_290L),
        summary.rows().stream().map(ModelSummary.Row::params).toList());
    ModelSummary siamese = RnncSummaryModels_Siamese.create(0).modelSummary();
    assertTrue(siamese.isGraph());
    assertEquals(
        List.of("left", "right", "encoder", "joined", "head"),
        siamese.rows().stream().map(ModelSummary.Row::name).toList(),
        "the shared encoder is one row, counted once");
  }

  @Test
  void aModelRnncDidNotGenerateListsItsLayersWithUnknownShapes() {
    RnncModel handMade =
        new RnncModel() {
          @Override
          public String modelName() {
            return "handMade";
          }

          @Override
          public List<Layer> layers() {
            return List.of(new Layer("gate", "Dense", Map.of(), List.of()));
          }
        };
    String summary = RnncModel.summary(handMade);
    assertTrue(summary.startsWith("Model: \"handMade\"\n"), summary);
    assertTrue(summary.contains("│ gate (Dense)"), summary);
    assertTrue(summary.contains("│ ?  "), summary);
  }
}
