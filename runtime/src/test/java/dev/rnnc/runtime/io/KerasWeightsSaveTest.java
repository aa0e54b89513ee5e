package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KerasWeights#save}: what it writes, read back with jHDF and with the Keras loader. That
 * real Keras loads these files is checked by {@code tools/goldens/keras_export_check.py} (see
 * examples' {@code dev.rnnc.interop.KerasExportTest}).
 */
class KerasWeightsSaveTest {
  @TempDir Path tmp;

  private static TestModel model() {
    return new TestModel("Exported")
        .embedding("embed", 9, 3)
        .lstm("encoder", 3, 5)
        .dropout("drop")
        .gru("summary", 5, 4)
        .gru("v1", 4, 2, false, true)
        .simpleRnn("rnn", 2, 3)
        .lstm("tail", 3, 2, false)
        .dense("head", 2, 2, false)
        .dense("out", 2, 1);
  }

  @Test
  void roundTripIsExactAndMatchesByName() throws Exception {
    TestModel source = model();
    source.initialize(3);
    Path file = tmp.resolve("m.weights.h5");
    KerasWeights.save(file, source);
    TestModel target = model();
    target.initialize(4);
    KerasWeights.load(file, target);
    source
        .snapshot()
        .forEach((name, values) -> assertArrayEquals(values, target.snapshot().get(name), name));
  }

  @Test
  void layoutIsKeras() throws Exception {
    TestModel source = model();
    source.initialize(3);
    Path file = tmp.resolve("m.weights.h5");
    KerasWeights.save(file, source);
    try (HdfFile hdf = new HdfFile(file)) {
      Map<String, String> names =
          Map.of(
              "layers/embedding/vars",
              "embed",
              "layers/lstm/vars",
              "encoder",
              "layers/lstm/cell/vars",
              "lstm_cell",
              "layers/dropout/vars",
              "drop",
              "layers/gru_1/vars",
              "v1",
              "layers/gru_1/cell/vars",
              "gru_cell",
              "layers/simple_rnn/cell/vars",
              "simple_rnn_cell",
              "layers/lstm_1/vars",
              "tail",
              "layers/dense_1/vars",
              "out",
              "vars",
              "Exported");
      names.forEach(
          (path, name) ->
              assertEquals(name, hdf.getByPath(path).getAttribute("name").getData(), path));
      assertEquals(
          List.of(
              "dense",
              "dense_1",
              "dropout",
              "embedding",
              "gru",
              "gru_1",
              "lstm",
              "lstm_1",
              "simple_rnn"),
          ((Group) hdf.getByPath("layers")).getChildren().keySet().stream().sorted().toList());
      assertEquals(
          0,
          ((Group) hdf.getByPath("layers/lstm/vars")).getChildren().size(),
          "recurrent vars stay empty");
      assertEquals(
          2,
          ((Group) hdf.getByPath("layers/lstm_1/cell/vars")).getChildren().size(),
          "no bias dataset");
      Dataset bias = hdf.getDatasetByPath("layers/gru/cell/vars/2");
      assertArrayEquals(new int[] {2, 12}, bias.getDimensions());
      assertEquals(float.class, bias.getJavaType());
      assertArrayEquals(
          new int[] {6}, hdf.getDatasetByPath("layers/gru_1/cell/vars/2").getDimensions());
    }
  }

  /**
   * Masking → Bidirectional(LSTM) → Bidirectional(GRU) → Bidirectional(LSTM) →
   * TimeDistributed(Dense) ×2.
   */
  private static TestModel wrapped() {
    return new TestModel("Tagger")
        .masking("mask")
        .bidirectional("bi", "LSTM", 3, 4)
        .bidirectional("bi2", "GRU", 8, 2)
        .bidirectional("bi3", "SimpleRNN", 2, 3, 0, false)
        .timeDistributed("td", 6, 5)
        .timeDistributed("tags", 5, 2);
  }

  @Test
  void wrappersRoundTripAndFollowKerasLayout() throws Exception {
    TestModel source = wrapped();
    source.initialize(5);
    Path file = tmp.resolve("wrapped.weights.h5");
    KerasWeights.save(file, source);
    TestModel target = wrapped();
    target.initialize(6);
    KerasWeights.load(file, target);
    source
        .snapshot()
        .forEach((name, values) -> assertArrayEquals(values, target.snapshot().get(name), name));
    try (HdfFile hdf = new HdfFile(file)) {
      // Wrapped layers carry the names Keras gives unnamed layers in a fresh session.
      Map<String, String> names =
          Map.ofEntries(
              Map.entry("layers/masking/vars", "mask"),
              Map.entry("layers/bidirectional/vars", "bi"),
              Map.entry("layers/bidirectional/forward_layer/vars", "forward_lstm"),
              Map.entry("layers/bidirectional/backward_layer/vars", "backward_lstm"),
              Map.entry("layers/bidirectional/forward_layer/cell/vars", "lstm_cell"),
              Map.entry("layers/bidirectional_1/backward_layer/vars", "backward_gru"),
              Map.entry("layers/bidirectional_1/backward_layer/cell/vars", "gru_cell"),
              Map.entry("layers/bidirectional_2/forward_layer/vars", "forward_simple_rnn"),
              Map.entry("layers/bidirectional_2/forward_layer/cell/vars", "simple_rnn_cell"),
              Map.entry("layers/time_distributed/vars", "td"),
              Map.entry("layers/time_distributed/layer/vars", "dense"),
              Map.entry("layers/time_distributed_1/vars", "tags"),
              Map.entry("layers/time_distributed_1/layer/vars", "dense_1"));
      names.forEach(
          (path, name) ->
              assertEquals(name, hdf.getByPath(path).getAttribute("name").getData(), path));
      assertEquals(0, ((Group) hdf.getByPath("layers/masking/vars")).getChildren().size());
      assertEquals(0, ((Group) hdf.getByPath("layers/bidirectional/vars")).getChildren().size());
      assertEquals(
          0,
          ((Group) hdf.getByPath("layers/bidirectional/forward_layer/vars")).getChildren().size());
      assertArrayEquals(
          new int[] {4, 16},
          hdf.getDatasetByPath("layers/bidirectional/backward_layer/cell/vars/1").getDimensions());
      assertArrayEquals(
          new int[] {2, 6},
          hdf.getDatasetByPath("layers/bidirectional_1/forward_layer/cell/vars/2").getDimensions());
      assertEquals(
          2,
          ((Group) hdf.getByPath("layers/bidirectional_2/backward_layer/cell/vars"))
              .getChildren()
              .size(),
          "no bias datasets");
      assertArrayEquals(
          new int[] {6, 5},
          hdf.getDatasetByPath("layers/time_distributed/layer/vars/0").getDimensions());
      assertArrayEquals(
          source.layer("bi").variable("backward_layer/kernel").get(),
          (float[])
              hdf.getDatasetByPath("layers/bidirectional/backward_layer/cell/vars/0")
                  .getDataFlat());
    }
  }

  @Test
  void projectionsHaveNoKerasLayout() throws Exception {
    Path file = tmp.resolve("proj.weights.h5");
    for (TestModel model :
        List.of(
            new TestModel("P").lstmProjected("encoder", 3, 4, 2),
            new TestModel("P").bidirectional("encoder", "LSTM", 3, 4, 2, true))) {
      KerasWeightsException e =
          assertThrows(KerasWeightsException.class, () -> KerasWeights.save(file, model));
      assertTrue(
          e.getMessage()
              .contains(
                  "layer encoder ("
                      + model.layer("encoder").kind()
                      + ") has a projection"
                      + " (projSize, PyTorch's proj_size), which Keras' LSTM does not have; save it with RnncWeights.save instead"),
          e.getMessage());
      assertTrue(Files.notExists(file));
    }
  }

  @Test
  void manyLayersUseSeveralSymbolTableNodes() throws Exception {
    for (int count : new int[] {9, 64, 65, 300}) {
      TestModel source = new TestModel("Deep");
      for (int i = 0; i < count; i++) {
        source.dense("d" + i, 2, 2);
      }
      source.initialize(count);
      Path file = tmp.resolve("deep" + count + ".weights.h5");
      KerasWeights.save(file, source);
      TestModel target = new TestModel("Deep");
      for (int i = 0; i < count; i++) {
        target.dense("d" + i, 2, 2);
      }
      KerasWeights.load(file, target);
      source
          .snapshot()
          .forEach((name, values) -> assertArrayEquals(values, target.snapshot().get(name), name));
    }
  }

  @Test
  void unknownLayerKindWritesNothing() throws Exception {
    Path file = Files.writeString(tmp.resolve("keep.weights.h5"), "previous content");
    RnncModel odd =
        new RnncModel() {
          @Override
          public String modelName() {
            return "Odd";
          }

          @Override
          public List<Layer> layers() {
            float[] packed = new float[PackedLayout.matrix(1, 1, 0).packedSize()];
            return List.of(
                new Layer(
                    "attn",
                    "Attention",
                    List.of(
                        new dev.rnnc.runtime.Variable(
                            "kernel", PackedLayout.matrix(1, 1, 0), packed, null))));
          }
        };
    KerasWeightsException e =
        assertThrows(KerasWeightsException.class, () -> KerasWeights.save(file, odd));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot save Keras weights to "
                    + file
                    + " from model Odd: layer attn has kind"
                    + " Attention, which has no Keras weight layout here"),
        e.getMessage());
    assertEquals("previous content", Files.readString(file));
  }
}
