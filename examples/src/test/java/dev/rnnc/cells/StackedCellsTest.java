package dev.rnnc.cells;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.RnncWeights;
import dev.rnnc.runtime.io.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @RNN(cells = ...)} reproduces Keras 3.15's {@code RNN([cell, ...])} (StackedRNNCells) of
 * built-in and custom cells (≤ 1e-5), loads Keras' weight files, and saves the tree Keras writes.
 */
class StackedCellsTest {
  @TempDir Path dir;

  @Test
  void builtInCellsMixedAndRepeated() throws IOException {
    var model = RnncStackedModels_StackedMixedSeq.load(weights("stacked_mixed_seq"));
    JsonNode fixture = fixture("stacked_mixed_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "stacked_mixed_seq sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
    assertClose("stacked_mixed_seq batch", fixture.get("expected"), model.predict(x));
  }

  /**
   * Variable length: a short call first (its rows are the long call's first rows), then the
   * fixture's length.
   */
  @Test
  void variableTimesteps() throws IOException {
    var model = RnncStackedModels_StackedMixedVariable.load(weights("stacked_mixed_seq"));
    JsonNode fixture = fixture("stacked_mixed_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      float[][] prefix = model.predict(java.util.Arrays.copyOf(x[b], 2));
      assertEquals(2, prefix.length);
      assertClose("first 2 of sample " + b, fixture.get("expected").get(b).get(0), prefix[0]);
      assertClose("second of sample " + b, fixture.get("expected").get(b).get(1), prefix[1]);
      assertClose("variable sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void everyBuiltInOptionBackwards() throws IOException {
    var model = RnncStackedModels_StackedOptions.load(weights("stacked_options"));
    JsonNode fixture = fixture("stacked_options");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "stacked_options sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void customAndBuiltInCellsMixed() throws IOException {
    var model = RnncStackedModels_StackedCustomMixed.load(weights("stacked_custom_mixed"));
    JsonNode fixture = fixture("stacked_custom_mixed");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[][] out = new float[7][2];
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "stacked_custom_mixed sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
      model.predictInto(x[b], out);
      assertClose("stacked_custom_mixed into " + b, fixture.get("expected").get(b), out);
    }
  }

  @Test
  void returnStateGivesEveryCellsStatesInKerasOrder() throws IOException {
    var model = RnncStackedModels_StackedReturnState.load(weights("stacked_return_state"));
    JsonNode fixture = fixture("stacked_return_state");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    JsonNode states = fixture.get("states"); // h0, c0, h1, state of the custom cell
    StackedModels.Stacked[] batch = model.encode(x);
    for (int b = 0; b < x.length; b++) {
      StackedModels.Stacked r = model.encode(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), r.output());
      assertClose("h0 " + b, states.get(0).get(b), r.h0());
      assertClose("c0 " + b, states.get(1).get(b), r.c0());
      assertClose("h1 " + b, states.get(2).get(b), r.h1());
      assertClose("state2 " + b, states.get(3).get(b), r.state2());
      assertClose("batch h1 " + b, states.get(2).get(b), batch[b].h1());
    }
  }

  @Test
  void statefulStackCarriesEveryCellsStatesAndResets() throws IOException {
    var model = RnncStackedModels_StackedStateful.load(weights("stacked_stateful"));
    JsonNode calls = fixture("stacked_stateful").get("calls");
    for (int i = 0; i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      if (call.get("reset_before").asBoolean()) {
        model.resetStates();
      }
      assertClose(
          "stateful call " + i,
          call.get("expected"),
          model.predict(FixtureArrays.floats2(call.get("input"))));
    }
    model.stack().resetStates();
    assertClose(
        "after the layer's resetStates",
        calls.get(0).get("expected"),
        model.predict(FixtureArrays.floats2(calls.get(0).get("input"))));
  }

  @Test
  void streamingOneTimestepPerCallMatchesTheWholeCalls() throws IOException {
    var model = RnncStackedModels_StackedStateful.load(weights("stacked_stateful"));
    JsonNode calls = fixture("stacked_stateful").get("calls");
    for (int i = 0; i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      if (call.get("reset_before").asBoolean()) {
        model.resetStates();
      }
      float[][] x = FixtureArrays.floats2(call.get("input"));
      for (int t = 0; t < x.length; t++) {
        assertClose("call " + i + " step " + t, call.get("expected").get(t), model.step(x[t]));
      }
    }
  }

  @Test
  void rnncWeightFilesRoundTripAStack() throws IOException {
    var model = RnncStackedModels_StackedCustomMixed.load(weights("stacked_custom_mixed"));
    Path own = dir.resolve("stack.rnnc.safetensors");
    RnncWeights.save(own, model);
    var copy = RnncStackedModels_StackedCustomMixed.create(99);
    RnncWeights.load(own, copy);
    JsonNode fixture = fixture("stacked_custom_mixed");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    assertClose("rnnc format round trip", fixture.get("expected").get(1), copy.predict(x[1]));
  }

  /** KerasWeights.save writes exactly the tree Keras' save_weights wrote for the same model. */
  @Test
  void savedWeightsAreTheTreeKerasWrites() throws IOException {
    List<RnncModel> models =
        List.of(
            RnncStackedModels_StackedMixedSeq.load(weights("stacked_mixed_seq")),
            RnncStackedModels_StackedOptions.load(weights("stacked_options")),
            RnncStackedModels_StackedCustomMixed.load(weights("stacked_custom_mixed")),
            RnncStackedModels_StackedStateful.load(weights("stacked_stateful")));
    List<String> cases =
        List.of("stacked_mixed_seq", "stacked_options", "stacked_custom_mixed", "stacked_stateful");
    for (int i = 0; i < models.size(); i++) {
      Path saved = dir.resolve(cases.get(i) + ".saved.weights.h5");
      KerasWeights.save(saved, models.get(i));
      assertEquals(H5Tree.of(weights(cases.get(i))), H5Tree.of(saved), cases.get(i));
      exportForKeras(saved, cases.get(i) + ".weights.h5");
    }
    var reloaded =
        RnncStackedModels_StackedCustomMixed.load(
            dir.resolve("stacked_custom_mixed.saved.weights.h5"));
    JsonNode fixture = fixture("stacked_custom_mixed");
    assertClose(
        "reloaded",
        fixture.get("expected").get(0),
        reloaded.predict(FixtureArrays.floats3(fixture.get("input"))[0]));
  }

  /**
   * A stack of built-in cells saves as a whole {@code .keras} model (config + weights) and loads
   * back.
   */
  @Test
  void builtInStacksSaveAsAKerasArchive() throws IOException {
    var model = RnncStackedModels_StackedMixedSeq.load(weights("stacked_mixed_seq"));
    Path archive = dir.resolve("stacked_mixed_seq.keras");
    KerasWeights.saveKeras(archive, model);
    var reloaded = RnncStackedModels_StackedMixedSeq.load(archive);
    JsonNode fixture = fixture("stacked_mixed_seq");
    assertClose(
        "reloaded from .keras",
        fixture.get("expected"),
        reloaded.predict(FixtureArrays.floats3(fixture.get("input"))));
    String config;
    try (var zip = new java.util.zip.ZipFile(archive.toFile())) {
      config =
          new String(
              zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(config.contains("\"class_name\":\"StackedRNNCells\""), config);
    assertTrue(config.contains("\"name\":\"lstm_cell_1\""), config);
    assertTrue(!config.contains("rnnc_"), config);
    exportForKeras(archive, "stacked_mixed_seq.keras");
  }

  /**
   * With {@code -Drnnc.cells.exportDir=DIR}, keeps a saved file for {@code keras_stacked_cells.py
   * --check-export DIR}, which loads it into real Keras and compares predictions with the fixture.
   */
  private static void exportForKeras(Path file, String name) throws IOException {
    String exportDir = System.getProperty("rnnc.cells.exportDir");
    if (exportDir != null) {
      Files.createDirectories(Path.of(exportDir));
      Files.copy(file, Path.of(exportDir, name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void aFileWithOtherCellsIsRefusedAndChangesNothing() throws IOException {
    var model = RnncStackedModels_StackedCustomMixed.create(7);
    float[] before = model.stack().variables().getFirst().get();
    WeightsException e =
        assertThrows(
            WeightsException.class, () -> KerasWeights.load(weights("stacked_mixed_seq"), model));
    assertTrue(
        e.getMessage()
            .contains(
                "the stacked cells differ: the model has cells [lstm_cell, minimal_rnn_cell, gru_cell]"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("not in the file: [minimal_rnn_cell/kernel"), e.getMessage());
    assertArrayEquals(
        before, model.stack().variables().getFirst().get(), "a refused load changes nothing");
  }

  @Test
  void aSingleCellFileDoesNotLoadIntoAStack() throws IOException {
    var model = RnncStackedModels_StackedCustomMixed.create(7);
    WeightsException e =
        assertThrows(
            WeightsException.class, () -> KerasWeights.load(cellWeights("custom_cell_seq"), model));
    assertTrue(
        e.getMessage()
            .contains(
                "the model's layer stacks cells [lstm_cell, minimal_rnn_cell, gru_cell], the file's"
                    + " layer has a single cell"),
        e.getMessage());
  }

  @Test
  void keepingAStackAsAKerasArchiveIsRefusedClearly() {
    var model = RnncStackedModels_StackedCustomMixed.create(7);
    WeightsException e =
        assertThrows(
            WeightsException.class, () -> KerasWeights.saveKeras(dir.resolve("x.keras"), model));
    assertTrue(
        e.getMessage().contains("stacks custom cells [dev.rnnc.cells.MinimalRnnCell]"),
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("x.keras")));
  }

  /** {@code fixtures/cells/<name>.json}, written by tools/goldens/keras_stacked_cells.py. */
  static JsonNode fixture(String name) {
    try (InputStream in =
        StackedCellsTest.class.getResourceAsStream("/fixtures/cells/" + name + ".json")) {
      assertNotNull(in, "missing fixture " + name + "; run tools/goldens/keras_stacked_cells.py");
      JsonNode node = new ObjectMapper().readTree(in);
      assertEquals(name, node.get("case").asText(), "fixture file and case name differ");
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path weights(String name) throws IOException {
    return copy("/fixtures/cells/" + name + ".weights.h5", name);
  }

  private Path cellWeights(String name) throws IOException {
    return copy("/fixtures/" + name + ".weights.h5", name);
  }

  private Path copy(String resource, String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
