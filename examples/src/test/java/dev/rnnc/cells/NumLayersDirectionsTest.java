package dev.rnnc.cells;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.io.KerasWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numLayers} with {@code @Bidirectional} and with {@code projSize} computes what PyTorch's
 * {@code num_layers} with {@code bidirectional=True} and {@code proj_size} computes (eval mode, ≤
 * 1e-5) and loads the module's state_dict as saved ({@code weight_ih_l1_reverse}, {@code
 * weight_hr_l0}, ...).
 */
class NumLayersDirectionsTest {
  @TempDir Path dir;

  @Test
  void bidirectionalProjectedLstmWithALinearHead() throws IOException {
    var model =
        RnncNumLayersDirectionsModels_BiLstmProjTagger.load(
            file("lstm_num_layers_bidirectional_proj"));
    JsonNode fixture = fixture("lstm_num_layers_bidirectional_proj");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose("sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
    assertClose("batch", fixture.get("expected"), model.predict(x));
    // the lower PyTorch layer is a layer of its own, named like PyTorch's _l0 tensors
    assertEquals(
        java.util.List.of("encoder_l0", "encoder", "head"),
        model.layers().stream().map(Layer::name).toList());
  }

  @Test
  void threeLayerBidirectionalGru() throws IOException {
    var model = RnncNumLayersDirectionsModels_BiGru.load(file("gru_num_layers_bidirectional"));
    JsonNode fixture = fixture("gru_num_layers_bidirectional");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose("sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void twoLayerBidirectionalReluRnn() throws IOException {
    var model = RnncNumLayersDirectionsModels_BiRnn.load(file("rnn_relu_num_layers_bidirectional"));
    JsonNode fixture = fixture("rnn_relu_num_layers_bidirectional");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose("sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void projectedLstmReturnsEveryLayersStates() throws IOException {
    var model = RnncNumLayersDirectionsModels_LstmProj.load(file("lstm_num_layers_proj"));
    JsonNode fixture = fixture("lstm_num_layers_proj");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    JsonNode hn = fixture.get("h_n"); // (layers, batch, projSize)
    JsonNode cn = fixture.get("c_n"); // (layers, batch, units)
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.ProjStates s = model.summarize(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), s.output());
      assertClose("h_n[0] " + b, hn.get(0).get(b), s.h0());
      assertClose("c_n[0] " + b, cn.get(0).get(b), s.c0());
      assertClose("h_n[1] " + b, hn.get(1).get(b), s.h1());
      assertClose("c_n[1] " + b, cn.get(1).get(b), s.c1());
    }
  }

  @Test
  void bidirectionalProjectedLstmReturnsHnAndCnInPyTorchsLayout() throws IOException {
    String name = "lstm_num_layers_bidirectional_proj";
    var model = RnncNumLayersDirectionsModels_BiLstmProjStates.load(file(name));
    JsonNode fixture = fixture(name);
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    NumLayersDirectionsModels.Tagged[] batch = model.tag(x);
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.Tagged t = model.tag(x[b]);
      assertClose("head " + b, fixture.get("expected").get(b), t.head());
      assertClose("head of batch " + b, fixture.get("expected").get(b), batch[b].head());
      assertEquals(4, t.encoderHN().length, "h_n rows: num_layers * num_directions");
      for (int row = 0; row < 4; row++) { // h_n[row, b, :]
        assertClose("h_n " + row + " " + b, fixture.get("h_n").get(row).get(b), t.encoderHN()[row]);
        assertClose("c_n " + row + " " + b, fixture.get("c_n").get(row).get(b), t.encoderCN()[row]);
        assertClose(
            "batch h_n " + row + " " + b,
            fixture.get("h_n").get(row).get(b),
            batch[b].encoderHN()[row]);
      }
    }
  }

  @Test
  void bidirectionalGruReturnsHn() throws IOException {
    var model =
        RnncNumLayersDirectionsModels_BiGruStates.load(file("gru_num_layers_bidirectional"));
    JsonNode fixture = fixture("gru_num_layers_bidirectional");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.GruStates s = model.encode(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), s.gru());
      assertEquals(6, s.gruHN().length);
      for (int row = 0; row < 6; row++) {
        assertClose("h_n " + row + " " + b, fixture.get("h_n").get(row).get(b), s.gruHN()[row]);
      }
    }
  }

  @Test
  void projectedLstmReturnsHnAndCn() throws IOException {
    var model = RnncNumLayersDirectionsModels_LstmProjEvery.load(file("lstm_num_layers_proj"));
    JsonNode fixture = fixture("lstm_num_layers_proj");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.ProjEvery s = model.encode(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), s.lstm());
      for (int row = 0; row < 2; row++) {
        assertClose("h_n " + row + " " + b, fixture.get("h_n").get(row).get(b), s.lstmHN()[row]);
        assertClose("c_n " + row + " " + b, fixture.get("c_n").get(row).get(b), s.lstmCN()[row]);
      }
    }
  }

  @Test
  void bidirectionalProjectedLstmStartsEveryLayerFromH0AndC0() throws IOException {
    String name = "lstm_num_layers_bidirectional_proj";
    var model = RnncNumLayersDirectionsModels_BiLstmProjStates.load(file(name));
    JsonNode fixture = fixture(name);
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[][][] h0 = FixtureArrays.floats3(fixture.get("h_0")); // (layers * directions, batch, P)
    float[][][] c0 = FixtureArrays.floats3(fixture.get("c_0"));
    // a batch call takes each state as a row per sample: h_0[row] is (batch, P) already
    NumLayersDirectionsModels.Tagged[] batch =
        model.tag(x, h0[0], c0[0], h0[1], c0[1], h0[2], c0[2], h0[3], c0[3]);
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.Tagged t =
          model.tag(
              x[b], h0[0][b], c0[0][b], h0[1][b], c0[1][b], h0[2][b], c0[2][b], h0[3][b], c0[3][b]);
      JsonNode expected = fixture.get("expected_from_h0").get(b);
      assertClose("head " + b, expected, t.head());
      assertClose("head of batch " + b, expected, batch[b].head());
      for (int row = 0; row < 4; row++) {
        assertClose(
            "h_n " + row + " " + b, fixture.get("h_n_from_h0").get(row).get(b), t.encoderHN()[row]);
        assertClose(
            "c_n " + row + " " + b, fixture.get("c_n_from_h0").get(row).get(b), t.encoderCN()[row]);
      }
    }
    // the next call starts from zeros again
    assertClose("from zeros", fixture.get("expected").get(0), model.tag(x[0]).head());
  }

  @Test
  void bidirectionalProjectedLstmTakesH0AndC0InPyTorchsLayout() throws IOException {
    String name = "lstm_num_layers_bidirectional_proj";
    var model = RnncNumLayersDirectionsModels_BiLstmProjStates.load(file(name));
    JsonNode fixture = fixture(name);
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[][][] h0 = FixtureArrays.floats3(fixture.get("h_0")); // (4, batch, 3) as PyTorch's
    float[][][] c0 = FixtureArrays.floats3(fixture.get("c_0")); // (4, batch, 5)
    NumLayersDirectionsModels.Tagged[] batch = model.tag(x, h0, c0);
    float[][][] out = new float[x.length][6][2];
    model.tagInto(x, h0, c0, out);
    for (int b = 0; b < x.length; b++) {
      float[][] h0b = new float[4][];
      float[][] c0b = new float[4][];
      for (int row = 0; row < 4; row++) {
        h0b[row] = h0[row][b];
        c0b[row] = c0[row][b];
      }
      NumLayersDirectionsModels.Tagged one = model.tag(x[b], h0b, c0b); // (4, 3), (4, 5)
      JsonNode expected = fixture.get("expected_from_h0").get(b);
      assertClose("head " + b, expected, one.head());
      assertClose("head of batch " + b, expected, batch[b].head());
      assertClose("into " + b, expected, out[b]);
      for (int row = 0; row < 4; row++) {
        JsonNode hn = fixture.get("h_n_from_h0").get(row).get(b);
        JsonNode cn = fixture.get("c_n_from_h0").get(row).get(b);
        assertClose("h_n " + row + " " + b, hn, one.encoderHN()[row]);
        assertClose("c_n " + row + " " + b, cn, batch[b].encoderCN()[row]);
      }
    }
    var rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.tag(x[0], new float[2][3], new float[4][5]));
    assertEquals(
        "h0 has 2 rows; expected PyTorch's shape (num_layers * num_directions, hidden) = (4, 3)",
        rows.getMessage());
  }

  @Test
  void bidirectionalGruDecoderStartsEveryLayerFromTheEncodersHn() throws IOException {
    String name = "gru_num_layers_bidirectional_seq2seq";
    var model = RnncNumLayersDirectionsModels_GruSeq2Seq.load(file(name));
    JsonNode fixture = fixture(name);
    float[][][] source = FixtureArrays.floats3(fixture.get("source"));
    float[][][] target = FixtureArrays.floats3(fixture.get("target"));
    for (int b = 0; b < source.length; b++) {
      assertClose(
          "sample " + b, fixture.get("expected").get(b), model.predict(source[b], target[b]));
    }
    assertClose("batch", fixture.get("expected"), model.predict(source, target));
  }

  @Test
  void bidirectionalLstmDecoderStartsEveryLayerFromTheEncodersHnAndCn() throws IOException {
    String name = "lstm_num_layers_bidirectional_seq2seq";
    var model = RnncNumLayersDirectionsModels_LstmSeq2Seq.load(file(name));
    JsonNode fixture = fixture(name);
    float[][][] source = FixtureArrays.floats3(fixture.get("source"));
    float[][][] target = FixtureArrays.floats3(fixture.get("target"));
    for (int b = 0; b < source.length; b++) {
      assertClose(
          "sample " + b, fixture.get("expected").get(b), model.predict(source[b], target[b]));
    }
  }

  @Test
  void bidirectionalGruTakesH0InPyTorchsLayout() throws IOException {
    var model =
        RnncNumLayersDirectionsModels_BiGruStates.load(file("gru_num_layers_bidirectional"));
    JsonNode fixture = fixture("gru_num_layers_bidirectional");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[][][] h0 = FixtureArrays.floats3(fixture.get("h_0")); // (6, batch, 3)
    for (int b = 0; b < x.length; b++) {
      float[][] h0b = new float[6][];
      for (int row = 0; row < 6; row++) {
        h0b[row] = h0[row][b];
      }
      NumLayersDirectionsModels.GruStates s = model.encode(x[b], h0b);
      assertClose("output " + b, fixture.get("expected_from_h0").get(b), s.gru());
      for (int row = 0; row < 6; row++) {
        assertClose(
            "h_n " + row + " " + b, fixture.get("h_n_from_h0").get(row).get(b), s.gruHN()[row]);
      }
    }
  }

  @Test
  void projectedLstmTakesH0AndC0InPyTorchsLayout() throws IOException {
    var model = RnncNumLayersDirectionsModels_LstmProjEvery.load(file("lstm_num_layers_proj"));
    JsonNode fixture = fixture("lstm_num_layers_proj");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    NumLayersDirectionsModels.ProjEvery[] batch =
        model.encode(
            x,
            FixtureArrays.floats3(fixture.get("h_0")),
            FixtureArrays.floats3(fixture.get("c_0")));
    for (int b = 0; b < x.length; b++) {
      assertClose("output " + b, fixture.get("expected_from_h0").get(b), batch[b].lstm());
      for (int row = 0; row < 2; row++) {
        assertClose(
            "h_n " + row + " " + b,
            fixture.get("h_n_from_h0").get(row).get(b),
            batch[b].lstmHN()[row]);
        assertClose(
            "c_n " + row + " " + b,
            fixture.get("c_n_from_h0").get(row).get(b),
            batch[b].lstmCN()[row]);
      }
    }
  }

  @Test
  void bidirectionalGruStartsEveryLayerFromH0() throws IOException {
    var model =
        RnncNumLayersDirectionsModels_BiGruStates.load(file("gru_num_layers_bidirectional"));
    JsonNode fixture = fixture("gru_num_layers_bidirectional");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[][][] h0 = FixtureArrays.floats3(fixture.get("h_0"));
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.GruStates s =
          model.encode(x[b], h0[0][b], h0[1][b], h0[2][b], h0[3][b], h0[4][b], h0[5][b]);
      assertClose("output " + b, fixture.get("expected_from_h0").get(b), s.gru());
      for (int row = 0; row < 6; row++) {
        assertClose(
            "h_n " + row + " " + b, fixture.get("h_n_from_h0").get(row).get(b), s.gruHN()[row]);
      }
    }
  }

  @Test
  void projectedLstmStartsEveryLayerFromH0AndC0() throws IOException {
    var model = RnncNumLayersDirectionsModels_LstmProjEvery.load(file("lstm_num_layers_proj"));
    JsonNode fixture = fixture("lstm_num_layers_proj");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[][][] h0 = FixtureArrays.floats3(fixture.get("h_0"));
    float[][][] c0 = FixtureArrays.floats3(fixture.get("c_0"));
    for (int b = 0; b < x.length; b++) {
      NumLayersDirectionsModels.ProjEvery s =
          model.encode(x[b], h0[0][b], c0[0][b], h0[1][b], c0[1][b]);
      assertClose("output " + b, fixture.get("expected_from_h0").get(b), s.lstm());
      for (int row = 0; row < 2; row++) {
        assertClose(
            "h_n " + row + " " + b, fixture.get("h_n_from_h0").get(row).get(b), s.lstmHN()[row]);
        assertClose(
            "c_n " + row + " " + b, fixture.get("c_n_from_h0").get(row).get(b), s.lstmCN()[row]);
      }
    }
  }

  /**
   * Its layers are Keras Bidirectional layers ({@code gru_l0}, {@code gru_l1}, {@code gru}), so the
   * model saves to a .weights.h5 that loads back (a projected LSTM's do not: Keras has no
   * projection).
   */
  @Test
  void savesAsKerasBidirectionalLayers() throws IOException {
    String name = "gru_num_layers_bidirectional";
    var model = RnncNumLayersDirectionsModels_BiGru.load(file(name));
    Path saved = dir.resolve("bi.weights.h5");
    KerasWeights.save(saved, model);
    var copy = RnncNumLayersDirectionsModels_BiGru.create(3);
    KerasWeights.load(saved, copy);
    JsonNode fixture = fixture(name);
    assertClose(
        "reloaded",
        fixture.get("expected").get(0),
        copy.predict(FixtureArrays.floats3(fixture.get("input"))[0]));
  }

  static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        NumLayersDirectionsTest.class.getResourceAsStream("/fixtures/torch/" + name + ".json")) {
      assertNotNull(
          in, "missing fixture " + name + "; run tools/goldens/pytorch_num_layers_directions.py");
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
