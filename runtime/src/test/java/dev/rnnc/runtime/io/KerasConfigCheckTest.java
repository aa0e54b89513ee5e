package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KerasConfigCheck}: a {@code .keras} file's layer configs against the declared options, on
 * {@code named.keras} (saved by Keras 3.15.1, {@code tools/goldens/io_fixtures.py}) and on configs
 * written here for the nested cases (wrappers, stacked cells, Masking).
 */
class KerasConfigCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * named.keras as declared: encoder LSTM(4, seq) → Dropout(0.2) → GRU summary(3) → Dense head(2).
   */
  private static TestModel named(
      Map<String, Object> encoder,
      Map<String, Object> drop,
      Map<String, Object> summary,
      Map<String, Object> head) {
    return new TestModel("Named")
        .lstm("encoder", 3, 4)
        .config(encoder)
        .dropout("drop")
        .config(drop)
        .gru("summary", 4, 3)
        .config(summary)
        .dense("head", 3, 2)
        .config(head);
  }

  private static Map<String, Object> lstm(
      int units, boolean returnSequences, boolean goBackwards, String activation) {
    return Map.ofEntries(
        Map.entry("units", units),
        Map.entry("activation", activation),
        Map.entry("recurrent_activation", "sigmoid"),
        Map.entry("unit_forget_bias", true),
        Map.entry("use_bias", true),
        Map.entry("return_sequences", returnSequences),
        Map.entry("return_state", false),
        Map.entry("go_backwards", goBackwards),
        Map.entry("stateful", false),
        Map.entry("unroll", false),
        Map.entry("zero_output_for_mask", false));
  }

  private static Map<String, Object> gru(int units, boolean resetAfter) {
    return Map.ofEntries(
        Map.entry("units", units),
        Map.entry("activation", "tanh"),
        Map.entry("recurrent_activation", "sigmoid"),
        Map.entry("reset_after", resetAfter),
        Map.entry("use_bias", true),
        Map.entry("return_sequences", false),
        Map.entry("return_state", false),
        Map.entry("go_backwards", false),
        Map.entry("stateful", false),
        Map.entry("unroll", false),
        Map.entry("zero_output_for_mask", false));
  }

  private static Map<String, Object> dense(int units, String activation) {
    return Map.of("units", units, "activation", activation, "use_bias", true);
  }

  @Test
  void aModelDeclaredAsTheFileSaysLoads() throws Exception {
    TestModel model =
        named(lstm(4, true, false, "tanh"), Map.of("rate", 0.2), gru(3, true), dense(2, "linear"));
    KerasWeights.load(fixture("named.keras"), model);
    assertTrue(model.layer("head").kernel().get()[0] != 0);
  }

  @Test
  void everyDifferenceIsListedOnceAndNothingLoads() throws Exception {
    TestModel model =
        named(lstm(4, true, true, "relu"), Map.of("rate", 0.5), gru(3, false), dense(2, "sigmoid"));
    model.initialize(42);
    Map<String, float[]> before = model.snapshot();
    Path file = fixture("named.keras");
    KerasWeightsException e =
        assertThrows(KerasWeightsException.class, () -> KerasWeights.load(file, model));
    assertEquals(
        List.of(
            "encoder (LSTM) activation: the file has \"tanh\", the model declares \"relu\"",
            "encoder (LSTM) go_backwards: the file has false, the model declares true",
            "drop (Dropout) rate: the file has 0.2, the model declares 0.5",
            "summary (GRU) reset_after: the file has true, the model declares false",
            "head (Dense) activation: the file has \"linear\", the model declares \"sigmoid\"",
            "the file's config.json differs from the options the model declares (5 differences above): declare them as"
                + " the file has them, or call KerasWeights.loadWeightsOnly to load the weights anyway"),
        e.problems());
    assertEquals(file, e.file());
    before.forEach(
        (k, v) -> assertArrayEquals(v, model.snapshot().get(k), "changed by a refused load: " + k));

    // The explicit opt-out loads the weights, still all-or-nothing on shapes.
    KerasWeights.loadWeightsOnly(file, model);
    TestModel reference = named(Map.of(), Map.of(), Map.of(), Map.of());
    KerasWeights.load(file, reference);
    reference.snapshot().forEach((k, v) -> assertArrayEquals(v, model.snapshot().get(k), k));
  }

  @Test
  void aBareWeightsFileHasNoConfigToCompare() throws Exception {
    // .weights.h5 carries no options: only names, counts and shapes are checked.
    TestModel model =
        named(lstm(4, true, true, "relu"), Map.of("rate", 0.5), gru(3, false), dense(2, "sigmoid"));
    KerasWeights.load(fixture("named.weights.h5"), model);
  }

  @Test
  void layersMatchedByOrderAreComparedWithTheirFileLayer() throws Exception {
    // default_names.keras: lstm, lstm_1, dense, dense_1; the model's own names differ.
    TestModel model =
        new TestModel("M")
            .lstm("a", 2, 3)
            .config(lstm(3, true, false, "tanh"))
            .lstm("b", 3, 2)
            .config(lstm(2, true, false, "tanh"))
            .dense("c", 2, 4)
            .config(dense(4, "linear"))
            .dense("d", 4, 1)
            .config(dense(1, "linear"));
    KerasWeightsException e =
        assertThrows(
            KerasWeightsException.class,
            () -> KerasWeights.load(fixture("default_names.keras"), model));
    assertEquals(
        "b (LSTM, the file's 'lstm_1') return_sequences: the file has false, the model declares true",
        e.problems().getFirst());
    assertEquals(2, e.problems().size(), e.getMessage());
  }

  // ---- nested configs, on config.json text as Keras writes it ----

  @Test
  void bidirectionalIsComparedWithKerasDefaultBackwardLayer() throws Exception {
    Layer layer =
        new Layer(
            "encoder",
            "Bidirectional",
            Map.of(
                "merge_mode",
                "concat",
                "layer",
                Map.of("class_name", "LSTM", "config", lstm(4, true, false, "tanh"))),
            List.of());
    String forward =
        "{\"name\":\"forward_lstm\",\"units\":4,\"activation\":\"tanh\",\"go_backwards\":false,"
            + "\"return_sequences\":true,\"dropout\":0.3}";
    // Keras' backward layer of a plain Bidirectional: the forward one with go_backwards flipped.
    String same =
        "{\"merge_mode\":\"concat\",\"layer\":{\"class_name\":\"LSTM\",\"config\":"
            + forward
            + "},"
            + "\"backward_layer\":{\"class_name\":\"LSTM\",\"config\":"
            + forward
                .replace("forward_lstm", "backward_lstm")
                .replace("\"go_backwards\":false", "\"go_backwards\":true")
            + "}}";
    assertEquals(List.of(), differences(layer, "Bidirectional", same));

    String other =
        "{\"merge_mode\":\"ave\",\"layer\":{\"class_name\":\"LSTM\",\"config\":"
            + forward
            + "},"
            + "\"backward_layer\":{\"class_name\":\"GRU\",\"config\":"
            + forward.replace("\"tanh\"", "\"relu\"")
            + "}}";
    assertEquals(
        List.of(
            "encoder (Bidirectional) merge_mode: the file has \"ave\", the model declares \"concat\"",
            "encoder (Bidirectional) backward_layer.class_name: the file has \"GRU\", the model declares \"LSTM\"",
            "encoder (Bidirectional) backward_layer.activation: the file has \"relu\", the model declares \"tanh\"",
            "encoder (Bidirectional) backward_layer.go_backwards: the file has false, the model declares true"),
        differences(layer, "Bidirectional", other));
  }

  @Test
  void stackedCellsAndTimeDistributedAreComparedInside() throws Exception {
    Map<String, Object> cell =
        new LinkedHashMap<>(
            Map.of(
                "class_name",
                "LSTMCell",
                "config",
                Map.of("units", 3, "activation", "tanh", "use_bias", true),
                "rnnc_key",
                "lstm_cell"));
    Layer rnn =
        new Layer(
            "stack",
            "RNN",
            Map.of(
                "cell",
                Map.of(
                    "class_name",
                    "StackedRNNCells",
                    "config",
                    Map.of("cells", List.of(cell, cell))),
                "return_sequences",
                false),
            List.of());
    String twoCells =
        "{\"return_sequences\":false,\"cell\":{\"class_name\":\"StackedRNNCells\",\"config\":{\"cells\":["
            + "{\"class_name\":\"LSTMCell\",\"config\":{\"units\":3,\"activation\":\"tanh\",\"use_bias\":true}},"
            + "{\"class_name\":\"LSTMCell\",\"config\":{\"units\":5,\"activation\":\"tanh\",\"use_bias\":true}}]}}}";
    assertEquals(
        List.of("stack (RNN) cell.cells[1].units: the file has 5, the model declares 3"),
        differences(rnn, "RNN", twoCells));
    String threeCells =
        twoCells.replace("]}}}", ",{\"class_name\":\"LSTMCell\",\"config\":{}}]}}}");
    assertEquals(1, differences(rnn, "RNN", threeCells).size());
    assertTrue(
        differences(rnn, "RNN", threeCells)
            .getFirst()
            .startsWith("stack (RNN) cell.cells: the file has [{"));

    Layer tagger =
        new Layer(
            "tagger",
            "TimeDistributed",
            Map.of("layer", Map.of("class_name", "Dense", "config", dense(3, "softmax"))),
            List.of());
    assertEquals(
        List.of(
            "tagger (TimeDistributed) layer.activation: the file has \"linear\", the model declares"
                + " \"softmax\""),
        differences(
            tagger,
            "TimeDistributed",
            "{\"layer\":{\"class_name\":\"Dense\",\"config\":{\"name\":\"dense\",\"units\":3,\"activation\":\"linear\"}}}"));
  }

  @Test
  void valuesCompareAsKerasMeansThem() throws Exception {
    // silu is Keras' name for swish; a float32 rate written as a double; rnnc_ options and options
    // only the file states are not compared.
    Layer gru =
        new Layer(
            "g", "GRU", Map.of("activation", "swish", "units", 2, "rnnc_proj_size", 9), List.of());
    assertEquals(
        List.of(),
        differences(
            gru,
            "GRU",
            "{\"activation\":\"silu\",\"units\":2,\"dropout\":0.4,\"kernel_initializer\":{\"class_name\":\"Zeros\"}}"));
    Layer drop = new Layer("d", "Dropout", Map.of("rate", (double) 0.1f), List.of());
    assertEquals(List.of(), differences(drop, "Dropout", "{\"rate\":0.1}"));
    Layer bi = new Layer("b", "Bidirectional", Map.of("merge_mode", "none"), List.of());
    assertEquals(List.of(), differences(bi, "Bidirectional", "{\"merge_mode\":null}"));
    assertEquals(
        List.of("g (GRU) units: the file has \"2\", the model declares 2"),
        differences(gru, "GRU", "{\"units\":\"2\"}"));
  }

  @Test
  void optionsThatCannotChangeTheOutputsAreNotCompared() throws Exception {
    // unroll computes the same; zero_output_for_mask acts only on masked steps and Keras sets it
    // itself inside a Bidirectional; return_state only adds outputs (the importer leaves out states
    // that no layer reads).
    Map<String, Object> declared =
        Map.of("units", 2, "unroll", false, "zero_output_for_mask", false, "return_state", false);
    Layer plain = new Layer("r", "GRU", declared, List.of());
    String file =
        "{\"units\":2,\"unroll\":true,\"zero_output_for_mask\":true,\"return_state\":true}";
    assertEquals(List.of(), differences(plain, "GRU", file));
    Layer bi =
        new Layer(
            "b",
            "Bidirectional",
            Map.of("merge_mode", "sum", "layer", Map.of("class_name", "GRU", "config", declared)),
            List.of());
    String wrapped = "{\"class_name\":\"GRU\",\"config\":" + file + "}";
    assertEquals(
        List.of(),
        differences(
            bi,
            "Bidirectional",
            "{\"merge_mode\":\"sum\",\"layer\":"
                + wrapped
                + ",\"backward_layer\":"
                + wrapped
                + "}"));

    // Behind a mask source, zero_output_for_mask is compared.
    Layer masking = new Layer("pad", "Masking", Map.of("mask_value", 0.0), List.of());
    List<String> found =
        KerasConfigCheck.differences(
            List.of(masking, plain),
            List.of(
                configLayer("Masking", "pad", "{\"mask_value\":0.0}"),
                configLayer("GRU", "r", file)),
            List.of(),
            Map.of());
    assertEquals(
        List.of("r (GRU) zero_output_for_mask: the file has true, the model declares false"),
        found);
    Layer embed = new Layer("e", "Embedding", Map.of("mask_zero", true), List.of());
    found =
        KerasConfigCheck.differences(
            List.of(embed, plain),
            List.of(
                configLayer("Embedding", "e", "{\"mask_zero\":true}"),
                configLayer("GRU", "r", file)),
            List.of(),
            Map.of());
    assertEquals(
        List.of("r (GRU) zero_output_for_mask: the file has true, the model declares false"),
        found);
  }

  @Test
  void maskingOnOneSideOnlyIsADifference() throws Exception {
    Layer masking = new Layer("pad", "Masking", Map.of("mask_value", 0.0), List.of());
    KerasArchive.ConfigLayer fileMasking = configLayer("Masking", "mask", "{\"mask_value\":-1.0}");
    assertEquals(
        List.of(
            "pad (Masking, the file's 'mask') mask_value: the file has -1.0, the model declares 0.0"),
        KerasConfigCheck.differences(List.of(masking), List.of(fileMasking), List.of(), Map.of()));
    KerasArchive.ConfigLayer dropout = configLayer("Dropout", "drop", "{\"rate\":0.5}");
    assertEquals(
        List.of("pad (Masking): declared, but the file's config has no Masking layer for it"),
        KerasConfigCheck.differences(List.of(masking), List.of(dropout), List.of(), Map.of()));
    assertEquals(
        List.of("the file's Masking layer 'mask' is not declared by the model"),
        KerasConfigCheck.differences(
            List.of(), List.of(dropout, fileMasking), List.of(), Map.of()));
    // Dropout is the identity at inference: a model may leave it out.
    assertEquals(
        List.of(), KerasConfigCheck.differences(List.of(), List.of(dropout), List.of(), Map.of()));
  }

  @Test
  void aWeightlessFileLayerRnncLacksIsADifference() throws Exception {
    // Activation('relu') between two layers changes the outputs; a model without it computes
    // otherwise.
    KerasArchive.ConfigLayer activation =
        configLayer("Activation", "act", "{\"activation\":\"relu\"}");
    assertEquals(
        List.of(
            "the file's Activation layer 'act' is not in the model, which computes without it (rnnc has"
                + " no Activation layer)"),
        KerasConfigCheck.differences(List.of(), List.of(activation), List.of(), Map.of()));
    // A functional model's recorded operations (a mask's NotEqual) and the input are not layers to
    // declare.
    KerasArchive.ConfigLayer notEqual =
        new KerasArchive.ConfigLayer(
            "NotEqual",
            "not_equal",
            JSON.readTree("{\"name\":\"not_equal\"}"),
            "keras.src.ops.numpy");
    KerasArchive.ConfigLayer input =
        configLayer("InputLayer", "tokens", "{\"batch_shape\":[null,null]}");
    assertEquals(
        List.of(),
        KerasConfigCheck.differences(List.of(), List.of(input, notEqual), List.of(), Map.of()));
    // Nor is the Concatenate op Keras records for the mask of a Concatenate of masked inputs: it
    // is no Concatenate layer the model lacks.
    KerasArchive.ConfigLayer concatenateOp =
        new KerasArchive.ConfigLayer(
            "Concatenate",
            "concatenate",
            JSON.readTree("{\"name\":\"concatenate\"}"),
            "keras.src.ops.numpy");
    assertEquals(
        List.of(),
        KerasConfigCheck.differences(List.of(), List.of(concatenateOp), List.of(), Map.of()));
    // A layer with weights of an unknown class is the weight matching's to report ("matches no
    // layer").
    KerasArchive.ConfigLayer norm = configLayer("LayerNormalization", "norm", "{\"axis\":-1}");
    StoredLayer normWeights =
        new StoredLayer(
            "layer_normalization",
            "norm",
            "LayerNormalization",
            0,
            List.of(
                new StoredVariable(
                    "/layers/layer_normalization/vars/0", new int[] {2}, new float[2], null)),
            0);
    assertEquals(
        List.of(),
        KerasConfigCheck.differences(List.of(), List.of(norm), List.of(normWeights), Map.of()));
  }

  // ---- helpers ----

  /** The differences of one model layer paired with one file layer of the given config. */
  private static List<String> differences(Layer layer, String className, String config)
      throws Exception {
    KerasArchive.ConfigLayer file = configLayer(className, layer.name(), config);
    Map<Layer, StoredLayer> pairs = new IdentityHashMap<>();
    if (!layer.variables().isEmpty()) {
      pairs.put(layer, new StoredLayer("key", layer.name(), className, 0, List.of(), 0));
    }
    List<String> found =
        new ArrayList<>(
            KerasConfigCheck.differences(
                List.of(layer), List.of(file), new ArrayList<>(pairs.values()), pairs));
    return found;
  }

  private static KerasArchive.ConfigLayer configLayer(String className, String name, String config)
      throws Exception {
    JsonNode node = JSON.readTree(config);
    return new KerasArchive.ConfigLayer(className, name, node, "keras.layers");
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(KerasConfigCheckTest.class.getResource("/io/" + name).toURI());
  }
}
