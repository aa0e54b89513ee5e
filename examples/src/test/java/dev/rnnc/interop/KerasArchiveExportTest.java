package dev.rnnc.interop;

import static dev.rnnc.interop.KerasExportTest.assertSameWeights;
import static dev.rnnc.interop.KerasExportTest.floats;
import static dev.rnnc.interop.KerasExportTest.randomized;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.pytorch.RnncProjectedLstm;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.KerasWeightsException;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rnnc → Keras as a whole model: {@link KerasWeights#saveKeras} writes {@code .keras} archives that
 * real Keras 3.15 opens with {@code keras.models.load_model} and that predict what rnnc predicts.
 *
 * <p>The proof is in {@code src/test/resources/interop/keras/archive/}: per case the exported
 * archive, {@code <case>.json} with the input and rnnc's outputs, and {@code <case>.keras.json},
 * which {@code tools/goldens/keras_export_check.py} writes after loading the archive with nothing
 * but {@code load_model} (no Keras builder). This test checks that the writer still produces the
 * same config and weights, that Keras' recorded predictions match rnnc's, and that {@link
 * KerasWeights#load} reads the archive back bit for bit. To regenerate:
 *
 * <pre>
 * ./mvnw -B -ntp test -pl examples -am -Dtest=KerasArchiveExportTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Drnnc.interop.regenerate=true
 * .venv/bin/python tools/goldens/keras_export_check.py
 * </pre>
 */
class KerasArchiveExportTest {
  private static final String REGENERATE = "rnnc.interop.regenerate";
  private static final Path SOURCE_DIR = Path.of("src/test/resources/interop/keras/archive");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * A model with seeded random weights and seeded inputs; {@code run} gives its outputs on them
   * (one call per input, in order, for the stateful stream).
   */
  private record Case(
      String name, RnncModel model, List<Object> inputs, Supplier<List<Object>> run) {}

  private static Case archiveCase(String name) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    return switch (name) {
      case "lstm_stack" -> {
        var model = RnncKerasExportModels_LstmStack.create(0);
        float[][][] input = floats(random, 3, 6, 3);
        yield new Case(
            name,
            randomized(model, random),
            Collections.singletonList(input),
            () -> Collections.singletonList(model.predict(input)));
      }
      case "masked_bidi_tagger" -> {
        var model = RnncKerasExportModels_MaskedBidiTagger.create(0);
        float[][][] input = floats(random, 3, 6, 3);
        input[1][4] = new float[3]; // right-padded
        input[1][5] = new float[3];
        input[2][0] = new float[3]; // left-padded
        yield new Case(
            name,
            randomized(model, random),
            Collections.singletonList(input),
            () -> Collections.singletonList(model.predict(input)));
      }
      case "masked_tokens" -> {
        var model = RnncKerasArchiveModels_MaskedTokens.create(0);
        int[][] input = new int[3][7];
        for (int[] row : input) {
          for (int t = 0; t < row.length; t++) {
            row[t] = 1 + random.nextInt(9);
          }
        }
        input[1][5] = 0; // padding (mask_zero): trailing in sample 1, a gap in sample 2
        input[1][6] = 0;
        input[2][3] = 0;
        yield new Case(
            name,
            randomized(model, random),
            Collections.singletonList(input),
            () -> Collections.singletonList(model.predict(input)));
      }
      case "stream" -> {
        var model = RnncKerasArchiveModels_Stream.create(0);
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          chunks.add(floats(random, 1, 3, 2)[0]);
        }
        yield new Case(
            name,
            randomized(model, random),
            chunks,
            () -> {
              model.resetStates();
              List<Object> outputs = new ArrayList<>();
              chunks.forEach(chunk -> outputs.add(model.predict((float[][]) chunk)));
              return outputs;
            });
      }
      case "backward_layer" -> {
        var model = RnncKerasArchiveModels_BackwardLayer.create(0);
        float[][][] input = floats(random, 3, 6, 3);
        input[0][5] = new float[3]; // right-padded
        input[2][0] = new float[3]; // left-padded
        yield new Case(
            name,
            randomized(model, random),
            Collections.singletonList(input),
            () -> Collections.singletonList(model.predict(input)));
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"lstm_stack", "masked_bidi_tagger", "masked_tokens", "stream", "backward_layer"})
  void kerasLoadModelReproducesRnnc(String name) throws Exception {
    Case c = archiveCase(name);
    Path exported = tmp.resolve(name + ".keras");
    KerasWeights.saveKeras(exported, c.model());
    List<Object> rnnc = c.run().get();
    if (Boolean.getBoolean(REGENERATE)) {
      Files.createDirectories(SOURCE_DIR);
      Files.copy(
          exported, SOURCE_DIR.resolve(name + ".keras"), StandardCopyOption.REPLACE_EXISTING);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("case", name);
      record.put("archive", name + ".keras");
      record.put("stateful", name.equals("stream"));
      record.put("inputs", c.inputs());
      record.put("rnnc", rnnc);
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(SOURCE_DIR.resolve(name + ".json").toFile(), record);
      // Nothing was checked against Keras: report as skipped, not passed.
      Assumptions.abort(
          "rnnc.interop.regenerate: wrote "
              + SOURCE_DIR.resolve(name)
              + ".*, not compared; now run tools/goldens/keras_export_check.py");
    }
    // The writer still produces the config and weights Keras was shown (metadata.json holds the
    // date)...
    Path committed = InteropFixture.resource("keras/archive/" + name + ".keras");
    for (String entry : List.of("config.json", "model.weights.h5")) {
      assertArrayEquals(
          entry(committed, entry),
          entry(exported, entry),
          name + ": " + entry + " of KerasWeights.saveKeras changed; regenerate (see class doc)");
    }
    // ...and Keras' predictions from that archive are rnnc's.
    InteropFixture recorded = InteropFixture.load("keras/archive", name);
    InteropFixture keras = InteropFixture.load("keras/archive", name + ".keras");
    for (int i = 0; i < rnnc.size(); i++) {
      InteropFixture.assertClose(
          name + "[" + i + "]: rnnc now vs. recorded", recorded.get("rnnc").get(i), rnnc.get(i));
      InteropFixture.assertClose(
          name + "[" + i + "]: Keras load_model vs. rnnc", keras.get("keras").get(i), rnnc.get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"lstm_stack", "masked_bidi_tagger", "masked_tokens", "stream", "backward_layer"})
  void kerasWeightsLoadsTheArchiveBack(String name) throws Exception {
    Case c = archiveCase(name);
    Path file = tmp.resolve(name + ".keras");
    KerasWeights.saveKeras(file, c.model());
    List<Object> expected = c.run().get();
    Case fresh = archiveCase(name);
    fresh.model().initialize(99);
    List<Object> before = fresh.run().get();
    KerasWeights.load(file, fresh.model());
    assertSameWeights(c.model(), fresh.model());
    List<Object> after = fresh.run().get();
    for (int i = 0; i < expected.size(); i++) {
      ArrayAssert.assertBitIdentical(
          name + "[" + i + "]: predictions after the load", expected.get(i), after.get(i));
    }
    assertTrue(
        ArrayAssert.maxAbsDifference(before.getFirst(), after.getFirst()) > 0,
        "the load changed nothing");
  }

  @Test
  void configIsASequentialOfTheDeclaredLayers() throws Exception {
    Case c = archiveCase("stream");
    Path file = tmp.resolve("stream.keras");
    KerasWeights.saveKeras(file, c.model());
    var config = JSON.readTree(entry(file, "config.json"));
    assertEquals("Sequential", config.path("class_name").asText());
    var layers = config.path("config").path("layers");
    assertEquals(
        "[1,3,2]",
        layers.get(0).path("config").path("batch_shape").toString(),
        "stateful layers need a fixed batch of 1");
    assertEquals(
        List.of("InputLayer", "LSTM", "SimpleRNN", "Dense"),
        List.of(layers.get(0), layers.get(1), layers.get(2), layers.get(3)).stream()
            .map(l -> l.path("class_name").asText())
            .toList());
    assertEquals("first", layers.get(1).path("config").path("name").asText());
    assertTrue(layers.get(1).path("config").path("stateful").asBoolean());
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertEquals(
          List.of("metadata.json", "config.json", "model.weights.h5"),
          zip.stream().map(e -> e.getName()).toList());
    }
    // keras_version names the format (KerasFileEditor needs the key); saved_by, which Keras
    // ignores, the writer.
    var metadata = JSON.readTree(entry(file, "metadata.json"));
    List<String> keys = new ArrayList<>();
    metadata.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("keras_version", "date_saved", "saved_by"), keys);
    assertEquals("3.15.1", metadata.path("keras_version").asText());
    assertEquals("rnnc", metadata.path("saved_by").asText());
  }

  /**
   * Keras' LSTM has no projection and a config cannot name a custom cell: both refused, nothing
   * written.
   */
  @Test
  void layersKerasCannotExpressAreRefusedWithoutWriting() throws Exception {
    Path target = tmp.resolve("refused.keras");
    var projected =
        assertThrows(
            KerasWeightsException.class,
            () -> KerasWeights.saveKeras(target, RnncProjectedLstm.create(0)));
    assertTrue(
        projected.getMessage().contains("layer layer0 (LSTM) has a projection"),
        projected.getMessage());
    assertTrue(
        projected.getMessage().contains("layer layer1 (LSTM) has a projection"),
        projected.getMessage());
    var custom =
        assertThrows(
            KerasWeightsException.class,
            () ->
                KerasWeights.saveKeras(
                    target, RnncKerasArchiveExportTest_WithCustomCell.create(0)));
    assertTrue(
        custom
            .getMessage()
            .contains("layer cell (RNN) is a custom cell (dev.rnnc.cells.MinimalRnnCell)"),
        custom.getMessage());
    assertFalse(Files.exists(target));
    try (var entries = Files.list(tmp)) {
      assertEquals(List.of(), entries.toList(), "a refused save left a temporary file");
    }
  }

  @RnnModel(input = @Input(timesteps = 4, features = 2))
  interface WithCustomCell {
    @RNN(cell = MinimalRnnCell.class, units = 3)
    Layer cell();

    float[][] predict(float[][][] batch);
  }

  private static byte[] entry(Path archive, String name) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      return zip.getInputStream(zip.getEntry(name)).readAllBytes();
    }
  }
}
