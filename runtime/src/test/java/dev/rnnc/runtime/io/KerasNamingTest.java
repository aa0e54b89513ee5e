package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How Keras names layer groups, and how the matcher uses keys and names, without files. */
class KerasNamingTest {

  @Test
  void snakeCaseAgreesWithKeras() {
    // Expected values printed by keras.src.utils.naming.to_snake_case.
    assertEquals("simple_rnn", StoredLayer.snakeCase("SimpleRNN"));
    assertEquals("lstm", StoredLayer.snakeCase("LSTM"));
    assertEquals("gru", StoredLayer.snakeCase("GRU"));
    assertEquals("input_layer", StoredLayer.snakeCase("InputLayer"));
    assertEquals("time_distributed", StoredLayer.snakeCase("TimeDistributed"));
    assertEquals("stacked_rnn_cells", StoredLayer.snakeCase("StackedRNNCells"));
    assertEquals("lstm_cell", StoredLayer.snakeCase("LSTMCell"));
    assertEquals("http_server", StoredLayer.snakeCase("HTTPServer"));
  }

  @Test
  void keysGiveClassAndRepeat() {
    assertEquals("SimpleRNN", StoredLayer.classOfKey("simple_rnn_2"));
    assertEquals("Dense", StoredLayer.classOfKey("dense"));
    assertNull(StoredLayer.classOfKey("input_layer"));
    assertEquals("Bidirectional", StoredLayer.classOfKey("bidirectional_1"));
    assertNull(StoredLayer.classOfKey("conv1d_1"));
    assertEquals(0, stored("simple_rnn", null).repeat());
    assertEquals(10, stored("lstm_10", null).repeat());
  }

  @Test
  void configNamesFollowKerasKeyNumbering() {
    List<KerasArchive.ConfigLayer> config =
        List.of(
            new KerasArchive.ConfigLayer("InputLayer", "in"),
            new KerasArchive.ConfigLayer("LSTM", "a"),
            new KerasArchive.ConfigLayer("Dense", "d"),
            new KerasArchive.ConfigLayer("LSTM", "b"),
            new KerasArchive.ConfigLayer("Dense", "e"));
    List<StoredLayer> named =
        KerasArchive.withConfig(
            List.of(
                stored("dense_1", null),
                stored("lstm_1", null),
                stored("lstm", "from-attribute"),
                stored("dense", null)),
            config);
    assertEquals(
        List.of("e", "b", "from-attribute", "d"), named.stream().map(StoredLayer::name).toList());
    assertEquals(List.of(4, 3, 1, 2), named.stream().map(StoredLayer::order).toList());
  }

  @Test
  void orderWithinKindIsNumericNotAlphabetic() {
    TestModel model = new TestModel("Deep");
    List<StoredLayer> file = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      model.lstm("l" + k, 2, 2);
      file.add(stored(k == 0 ? "lstm" : "lstm_" + k, null));
    }
    file.sort(Comparator.comparing(StoredLayer::key)); // as h5py lists them: lstm_10 before lstm_2
    LayerMatcher.Result result = LayerMatcher.match(model.layers(), file);
    assertTrue(result.problems().isEmpty() && result.missing().isEmpty(), result.toString());
    List<Layer> layers = model.layers();
    IntStream.range(0, 12)
        .forEach(k -> assertEquals(k, result.pairs().get(layers.get(k)).repeat()));
  }

  @Test
  void namesWinOverOrder() {
    TestModel model = new TestModel("Swapped").lstm("decoder", 2, 2).lstm("encoder", 2, 2);
    StoredLayer encoder = stored("lstm", "encoder");
    StoredLayer decoder = stored("lstm_1", "decoder");
    LayerMatcher.Result result = LayerMatcher.match(model.layers(), List.of(encoder, decoder));
    assertSame(decoder, result.pairs().get(model.layers().get(0)));
    assertSame(encoder, result.pairs().get(model.layers().get(1)));
  }

  private static StoredLayer stored(String key, String name) {
    StoredVariable v =
        new StoredVariable("/layers/" + key + "/vars/0", new int[] {2, 2}, new float[4], null);
    return new StoredLayer(key, name, StoredLayer.classOfKey(key), -1, List.of(v), 0);
  }
}
