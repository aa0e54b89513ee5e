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
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numLayers} computes what PyTorch's {@code num_layers} computes (eval mode, ≤ 1e-5) and
 * loads its state_dict ({@code weight_ih_l0}, {@code weight_ih_l1}, ...).
 */
class NumLayersTest {
  @TempDir Path dir;

  @Test
  void twoLayerLstmWithALinearHead() throws IOException {
    var model = RnncNumLayersModels_LstmTagger.load(file("lstm_num_layers"));
    JsonNode fixture = fixture("lstm_num_layers");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "lstm_num_layers sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
    assertEquals("RNN", model.encoder().kind());
  }

  @Test
  void threeLayerGruReturnsEveryLayersState() throws IOException {
    var model = RnncNumLayersModels_GruSummary.load(file("gru_num_layers"));
    JsonNode fixture = fixture("gru_num_layers");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    JsonNode hn = fixture.get("h_n"); // (layers, batch, units)
    for (int b = 0; b < x.length; b++) {
      NumLayersModels.Summary s = model.summarize(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), s.output());
      assertClose("h_n[0] " + b, hn.get(0).get(b), s.h0());
      assertClose("h_n[1] " + b, hn.get(1).get(b), s.h1());
      assertClose("h_n[2] " + b, hn.get(2).get(b), s.h2());
    }
  }

  @Test
  void twoLayerReluRnnMatchedByKind() throws IOException {
    var model = RnncNumLayersModels_ReluRnn.load(file("rnn_relu_num_layers"));
    JsonNode fixture = fixture("rnn_relu_num_layers");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "rnn_relu_num_layers sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void aStateDictWithFewerLayersIsRefusedAndChangesNothing() throws IOException {
    var model = RnncNumLayersModels_LstmTaggerThreeLayers.create(1);
    float[] before = model.encoder().variables().getFirst().get();
    WeightsException e =
        assertThrows(
            WeightsException.class,
            () -> RnncNumLayersModels_LstmTaggerThreeLayers.load(file("lstm_num_layers")));
    assertTrue(e.getMessage().contains("encoder[2]"), e.getMessage());
    assertThrows(
        WeightsException.class,
        () -> dev.rnnc.runtime.io.PyTorchWeights.load(file("lstm_num_layers"), model));
    assertArrayEquals(
        before, model.encoder().variables().getFirst().get(), "a refused load changes nothing");
  }

  /**
   * A numLayers layer is Keras' RNN over stacked cells, so it saves to a .weights.h5 that loads
   * back.
   */
  @Test
  void savesAsKerasStackedCells() throws IOException {
    var model = RnncNumLayersModels_LstmTagger.load(file("lstm_num_layers"));
    Path saved = dir.resolve("lstm.weights.h5");
    KerasWeights.save(saved, model);
    var copy = RnncNumLayersModels_LstmTagger.create(3);
    KerasWeights.load(saved, copy);
    JsonNode fixture = fixture("lstm_num_layers");
    assertClose(
        "reloaded",
        fixture.get("expected").get(0),
        copy.predict(FixtureArrays.floats3(fixture.get("input"))[0]));
    assertTrue(
        H5Tree.of(saved).containsKey("/layers/rnn/cell/cells/lstm_cell_1/vars/2"),
        H5Tree.of(saved).keySet().toString());
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        NumLayersTest.class.getResourceAsStream("/fixtures/torch/" + name + ".json")) {
      assertNotNull(in, "missing fixture " + name + "; run tools/goldens/pytorch_num_layers.py");
      return new ObjectMapper().readTree(in);
    }
  }

  private Path file(String name) throws IOException {
    Path file = dir.resolve(name + ".safetensors");
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/torch/" + name + ".safetensors")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
