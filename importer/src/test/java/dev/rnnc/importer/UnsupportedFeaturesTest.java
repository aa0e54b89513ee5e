package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every feature rnnc cannot express is refused with an error that names the layer and the option
 * (fixtures: one small real Keras model per feature, {@code src/test/resources/keras/unsupported/}).
 */
class UnsupportedFeaturesTest {

  /**
   * Each row: the file, then the expected problems separated by {@code |}, each problem as the
   * fragments it must contain separated by {@code &}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      return_state;        layer 'encoder' (LSTM) & return_state = true is not supported
      go_backwards;        layer 'encoder' (LSTM) & go_backwards = true is not supported
      stateful;            layer 'encoder' (GRU) & stateful = true is not supported
      mask_zero;           layer 'embed' (Embedding) & mask_zero = true is not supported & masking
      masking;             layer 'mask' (Masking) & Masking is not supported
      bidirectional;       layer 'bi' (Bidirectional) & Bidirectional is not supported
      time_distributed;    layer 'per_step' (TimeDistributed) & use the Dense directly
      conv1d;              layer 'conv' (Conv1D) & layer type Conv1D is not supported & rnnc has LSTM, GRU
      rnn_cell;            layer 'generic' (RNN) & RNN(cell) & use keras.layers.LSTM, GRU or SimpleRNN
      unknown_activation;  layer 'head' (Dense) & activation 'leaky_relu' is not supported & rnnc knows linear
      softmax_recurrent;   layer 'encoder' (SimpleRNN) & activation 'softmax' is supported only on Dense
      float64;             layer 'encoder' (LSTM) & dtype policy 'float64' & float32
      lora;                layer 'head' (Dense) & lora_rank = 2 is not supported
      dropout_rate_one;    layer 'drop' (Dropout) & rate = 1.0 is not supported & [0, 1)
      flat_input;          the input (None, 4) is not a sequence
      unbuilt;             no input shape & keras.Input
      embedding_not_first; (None, 6) int32 & first layer is layer 'drop' (Dropout) \
                           | layer 'embed' (Embedding) & must be the model's first layer
      residual;            layer 'skip' (Add) takes 2 inputs & [window, encoder] | layer 'skip' (Add) & type Add
      two_inputs;          2 inputs (left, right) | layer 'right_rnn' (LSTM) takes its input from 'right' \
                           | layer 'join' (Concatenate) takes 2 inputs | layer type Concatenate
      two_outputs;         2 outputs ([mean, spread]) \
                           | layer 'spread' (Dense) takes its input from 'encoder', not from the layer before it ('mean')
      shared_layer;        layer 'shared' (SimpleRNN) is called 2 times & shared layer
      several_problems;    layer 'encoder' (GRU) & activation 'relu6' | layer 'encoder' (GRU) & go_backwards = true \
                           | layer 'conv' (Conv1D)
      keras2_metadata;     saved by Keras 2.15.0 & Keras 3
      """)
  void refused(String file, String expected) {
    Path path = Fixtures.keras("unsupported/" + file + ".keras");
    ImportException e = assertThrows(ImportException.class, () -> KerasImporter.importModel(path, "com.acme", null));
    List<String> wanted = Arrays.stream(expected.split("\\|")).map(String::strip).toList();
    assertEquals(wanted.size(), e.problems().size(), "problems: " + e.problems());
    for (int i = 0; i < wanted.size(); i++) {
      for (String fragment : wanted.get(i).split("&")) {
        String problem = e.problems().get(i);
        assertTrue(problem.contains(fragment.strip()), "problem " + i + " '" + problem + "' lacks '" + fragment.strip()
            + "'");
      }
    }
    assertTrue(e.getMessage().startsWith("cannot import " + path), e.getMessage());
  }

  @Test
  void inferenceIrrelevantOptionsAreDroppedWithANote() throws Exception {
    KerasImporter.Result result =
        KerasImporter.importModel(Fixtures.keras("ignored_options.keras"), "com.acme", null);
    assertEquals(List.of(
        "layer 'encoder' (LSTM): unroll = true ignored: it changes how Keras runs the loop, not the result",
        "layer 'encoder' (LSTM): zero_output_for_mask = true ignored: it only acts on masked steps, and the model"
            + " has no mask",
        "layer 'encoder' (LSTM): dropout = 0.2, recurrent_dropout = 0.1 ignored: cell dropout acts only in training"),
        result.notes());
    // initializers, regularizers, constraints, seeds and Dropout's noise_shape leave no trace
    assertTrue(result.source().contains("  @LSTM(units = 4)\n  Layer encoder();"), result.source());
    assertTrue(result.source().contains("  @Dropout(rate = 0.5)\n  Layer drop();"), result.source());
    assertTrue(result.source().contains("  @Dense(units = 1)\n  Layer head();"), result.source());
    assertTrue(result.source().contains("Ignored Keras options: unroll = true"), result.source());
  }

  @Test
  void missingFile(@TempDir Path dir) {
    Path missing = dir.resolve("absent.keras");
    ImportException e = assertThrows(ImportException.class, () -> KerasImporter.importModel(missing, "a", null));
    assertEquals(List.of("no such file"), e.problems());
  }

  @Test
  void notAZip(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("model.keras"), "not a zip");
    ImportException e = assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertTrue(e.problems().getFirst().startsWith("not a .keras archive (not a zip file"), e.getMessage());
  }

  @Test
  void zipWithoutConfig(@TempDir Path dir) throws IOException {
    Path file = zip(dir.resolve("weights-only.keras"), "model.weights.h5", "");
    ImportException e = assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertEquals(List.of("the zip has no config.json, so it is not a Keras 3 .keras model archive; entries:"
        + " [model.weights.h5]"), e.problems());
  }

  @Test
  void configNotJson(@TempDir Path dir) throws IOException {
    Path file = zip(dir.resolve("broken.keras"), "config.json", "{\"class_name\": ");
    ImportException e = assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertTrue(e.problems().getFirst().startsWith("config.json in the archive is not valid JSON"), e.getMessage());
  }

  @Test
  void badJavaNamesAreRefusedBeforeReading() {
    Path model = Fixtures.keras("keras_zip.keras");
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
        () -> KerasImporter.importModel(model, "com.1acme", null));
    assertEquals("package 'com.1acme' is not a valid Java package name", p.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> KerasImporter.importModel(model, "com.acme", "class"));
    assertEquals("'class' is not a valid Java type name", n.getMessage());
  }

  private static Path zip(Path file, String entry, String content) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return file;
  }
}
