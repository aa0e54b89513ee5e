package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated interface of real {@code .keras} files, compared character for character with
 * reviewed golden files in {@code src/test/resources/golden/}. To accept a deliberate change, run
 * with {@code -Drnnc.updateGoldens=true} and review the diff; such a run writes the golden files
 * and reports these tests as skipped (aborted), since nothing was compared.
 */
class GoldenInterfaceTest {
  private static final Path GOLDEN_DIR =
      Path.of(System.getProperty("rnnc.goldenDir", "src/test/resources/golden"));
  private static final boolean UPDATE = Boolean.getBoolean("rnnc.updateGoldens");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "forecaster.keras,              Forecaster", // Functional: LSTM, Dropout, LSTM, Dense, Dense
    "keras_zip.keras,               KerasZip", // Functional: GRU, GRU, Dense(tanh)
    "sequential_tokens.keras,       SequentialTokens", // Sequential: tokens, variable T, renamed
    // layers, notes
    "sequential_sequence_out.keras, SequenceTagger", // Sequential: sequence output, Keras' default
    // names
    "masked_tagger.keras,           MaskedTagger", // Functional: mask_zero, Bidirectional,
    // TimeDistributed
    "go_backwards_masked.keras,     GoBackwardsMasked", // Functional: Masking, go_backwards,
    // unroll, clashing names
    "sensor_stream.keras,           SensorStream", // Sequential: stateful, one timestep per call:
    // step()
    "encoder_decoder.keras,         EncoderDecoder", // two token inputs, @InitialState
    "two_outputs.keras,             TwoOutputs", // several outputs: a record
    "shared_layer.keras,            SharedLayer", // @Shared
    "masked_concat.keras,           MaskedConcat", // a masked skip connection: @Concatenate
    "rnn_stacked_cells.keras,       RnnStackedCells", // @RNN(cells = {@Cell(...), ...})
    "rnn_single_cells.keras,        RnnSingleCells", // RNN(LSTMCell(...)): a one-cell @RNN
    "bidirectional_merge_none.keras, BidirectionalMergeNone", // @Forward, @Backward
    "bidirectional_backward_layer.keras, BidirectionalBackwardLayer", // backwardLayer
    "bidirectional_states_output.keras, BidirectionalStatesOutput", // returnState record
    "call_states.keras,             CallStates", // initial states passed to the calls
    "sequential_merge_none.keras,   SequentialMergeNone", // both directions as the output
    "direction_beside_head.keras,   DirectionBesideHead", // one direction beside a head
    "decoder_states.keras,          DecoderStates", // a layer's states beside the head's output
    "inference_decoder.keras,       InferenceDecoder", // states in (call parameters) and out
  })
  void matchesGolden(String kerasFile, String expectedName) throws Exception {
    KerasImporter.Result result =
        KerasImporter.importModel(Fixtures.keras(kerasFile), "com.acme", null);
    assertEquals(expectedName, result.interfaceName(), "name derived from the Keras model name");
    Path golden = GOLDEN_DIR.resolve(expectedName + ".java");
    if (UPDATE) {
      // Comparing the file just written with itself would prove nothing: report as skipped, not
      // passed.
      boolean changed = !Files.exists(golden) || !read(golden).equals(result.source());
      Files.createDirectories(GOLDEN_DIR);
      Files.writeString(golden, result.source());
      Assumptions.abort(
          "rnnc.updateGoldens: wrote "
              + golden
              + (changed ? " (changed; review the diff)" : " (unchanged)")
              + ", not compared");
    }
    assertTrue(
        Files.exists(golden), "no golden file " + golden + "; run with -Drnnc.updateGoldens=true");
    assertEquals(
        read(golden), result.source(), kerasFile + ": generated interface differs from " + golden);
  }

  private static String read(Path golden) throws IOException {
    return Files.readString(golden);
  }
}
