package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.Callback;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Keras trajectory parity of the generated {@code fit}: each of the fourteen chain models of {@link
 * TrainingModels} (tools/goldens/keras_training_parity.py) and the six graph models of {@link
 * GraphTrainingModels} (tools/goldens/keras_graph_training_parity.py) starts from the weights real
 * Keras 3.15.1 started from, trains with the same optimizer, loss, batches and epochs (no
 * shuffling), and must log Keras' running loss after every batch and end with Keras' loss and
 * metrics per epoch and Keras' final weights, within 1e-4 relative to each array's largest value;
 * the seq2seq models' {@code evaluate} afterwards must give Keras' {@code model.evaluate}.
 */
class TrainingParityTest {
  private static final double TOLERANCE = 1e-4;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A fit call of one model, x and y read from the fixture. */
  interface Fit {
    History fit(JsonNode fixture, FitOptions options);
  }

  @Test
  void lstmAdamMse() throws IOException {
    var model = RnncTrainingModels_LstmAdamMse.create(0);
    check("lstm_adam_mse", model, (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void gruStackSgdCategoricalCrossentropy() throws IOException {
    var model = RnncTrainingModels_GruStackSgdCce.create(0);
    check(
        "gru_stack_sgd_cce",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void simpleRnnRmspropBinaryCrossentropy() throws IOException {
    var model = RnncTrainingModels_SimpleRnnRmspropBce.create(0);
    check(
        "simple_rnn_rmsprop_bce",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void gruResetBeforeAdagradSparseLabels() throws IOException {
    var model = RnncTrainingModels_GruResetBeforeAdagradSparse.create(0);
    check(
        "gru_reset_before_adagrad_sparse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), ints(f.get("y")), o));
  }

  @Test
  void lstmSequenceAdamwMeanAbsoluteError() throws IOException {
    var model = RnncTrainingModels_LstmSeqAdamwMae.create(0);
    check(
        "lstm_seq_adamw_mae",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats3(f.get("y")), o));
  }

  @Test
  void goBackwardsAdamHuber() throws IOException {
    var model = RnncTrainingModels_BackwardsAdamHuber.create(0);
    check(
        "backwards_adam_huber",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void embeddingLstmSgdBinaryCrossentropy() throws IOException {
    var model = RnncTrainingModels_EmbeddingLstmSgdBce.create(0);
    check(
        "embedding_lstm_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void layersWiderThanAPanelAdamMse() throws IOException {
    var model = RnncTrainingModels_WideLstmGruAdamMse.create(0);
    check(
        "wide_lstm_gru_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void maskedEmbeddingSgdBinaryCrossentropy() throws IOException {
    var model = RnncTrainingModels_MaskedEmbeddingSgdBce.create(0);
    check(
        "masked_embedding_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void maskingSequenceOutputAdamMse() throws IOException {
    var model = RnncTrainingModels_MaskingSequenceAdamMse.create(0);
    check(
        "masking_sequence_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats3(f.get("y")), o));
  }

  @Test
  void bidirectionalMaskedSgdBinaryCrossentropy() throws IOException {
    var model = RnncTrainingModels_BidirectionalMaskedSgdBce.create(0);
    check(
        "bidirectional_masked_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void bidirectionalAveMulAdamMse() throws IOException {
    var model = RnncTrainingModels_BidirectionalAveMulAdamMse.create(0);
    check(
        "bidirectional_ave_mul_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void stackedCellsAdamMse() throws IOException {
    var model = RnncTrainingModels_StackedCellsAdamMse.create(0);
    check(
        "stacked_cells_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void numLayersMaskedBackwardsSgdBinaryCrossentropy() throws IOException {
    var model = RnncTrainingModels_NumLayersMaskedBackwardsSgdBce.create(0);
    check(
        "num_layers_masked_backwards_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void seq2seqAdamwSparseLabelsPerTimestep() throws IOException {
    var model = RnncGraphTrainingModels_Seq2SeqAdamwSparse.create(0);
    JsonNode fixture =
        check(
            "seq2seq_adamw_sparse",
            model,
            (f, o) ->
                model.fit(
                    ints2(f.get("x").get("encoderTokens")),
                    ints2(f.get("x").get("decoderTokens")),
                    ints2(f.get("y")),
                    o));
    checkEvaluate(
        fixture,
        model.evaluate(
            ints2(fixture.get("x").get("encoderTokens")),
            ints2(fixture.get("x").get("decoderTokens")),
            ints2(fixture.get("y"))));
  }

  @Test
  void gruSeq2SeqSgdMomentumMse() throws IOException {
    var model = RnncGraphTrainingModels_GruSeq2SeqSgdMomentumMse.create(0);
    check(
        "gru_seq2seq_sgd_momentum_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x").get("source")),
                floats3(f.get("x").get("target")),
                floats3(f.get("y")),
                o));
  }

  @Test
  void concatenatedBranchesAdamBinaryCrossentropy() throws IOException {
    var model = RnncGraphTrainingModels_ConcatBranchesAdamBce.create(0);
    check(
        "concat_branches_adam_bce",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }

  @Test
  void addMultiplyAverageRmspropMse() throws IOException {
    var model = RnncGraphTrainingModels_MergesRmspropMse.create(0);
    check(
        "merges_rmsprop_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x").get("left")),
                floats3(f.get("x").get("right")),
                floats2(f.get("y")),
                o));
  }

  @Test
  void maskedSeq2SeqSgdSparseLabelsPerTimestep() throws IOException {
    var model = RnncGraphTrainingModels_MaskedSeq2SeqSgdSparse.create(0);
    JsonNode fixture =
        check(
            "masked_seq2seq_sgd_sparse",
            model,
            (f, o) ->
                model.fit(
                    ints2(f.get("x").get("encoderTokens")),
                    ints2(f.get("x").get("decoderTokens")),
                    ints2(f.get("y")),
                    o));
    checkEvaluate(
        fixture,
        model.evaluate(
            ints2(fixture.get("x").get("encoderTokens")),
            ints2(fixture.get("x").get("decoderTokens")),
            ints2(fixture.get("y"))));
  }

  /** The trained model's evaluate on the training data: Keras' model.evaluate after its fit. */
  static void checkEvaluate(JsonNode fixture, Logs logs) {
    fixture
        .get("evaluate")
        .properties()
        .forEach(
            entry -> {
              double expected = entry.getValue().asDouble();
              assertEquals(
                  expected,
                  logs.get(entry.getKey()),
                  TOLERANCE * Math.max(1, Math.abs(expected)),
                  "evaluate's " + entry.getKey());
            });
  }

  @Test
  void bidirectionalSequenceAndVectorInputAdamMse() throws IOException {
    var model = RnncGraphTrainingModels_SequenceAndVectorAdamMse.create(0);
    check(
        "sequence_and_vector_adam_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x").get("series")),
                floats2(f.get("x").get("meta")),
                floats2(f.get("y")),
                o));
  }

  /** Records the running loss the fit loop logs after each batch, epoch by epoch. */
  private static final class BatchLosses implements Callback {
    final List<List<Double>> losses = new java.util.ArrayList<>();

    @Override
    public void onEpochBegin(int epoch, Logs logs) {
      losses.add(new java.util.ArrayList<>());
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
      losses.getLast().add(logs.get("loss"));
    }
  }

  /** Trains {@code model} as Keras did and compares; returns the fixture. */
  static JsonNode check(String name, RnncModel model, Fit fit) throws IOException {
    JsonNode fixture = read(name);
    setWeights(model, fixture.get("weights"));
    BatchLosses batches = new BatchLosses();
    History history =
        fit.fit(
            fixture,
            new FitOptions()
                .epochs(fixture.get("epochs").asInt())
                .batchSize(fixture.get("batch_size").asInt())
                .shuffle(false)
                .callbacks(batches)
                .verbose(0));
    JsonNode kerasBatches = fixture.get("batch_losses");
    assertEquals(kerasBatches.size(), batches.losses.size(), name + " epochs of batch losses");
    for (int e = 0; e < kerasBatches.size(); e++) {
      JsonNode expected = kerasBatches.get(e);
      List<Double> ours = batches.losses.get(e);
      assertEquals(expected.size(), ours.size(), name + " batches of epoch " + (e + 1));
      for (int b = 0; b < ours.size(); b++) {
        double value = expected.get(b).asDouble();
        assertEquals(
            value,
            ours.get(b),
            TOLERANCE * Math.max(1, Math.abs(value)),
            name + " running loss after batch " + (b + 1) + " of epoch " + (e + 1));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> keys = fixture.get("history").properties().iterator();
    while (keys.hasNext()) {
      Map.Entry<String, JsonNode> entry = keys.next();
      List<Double> ours = history.get(entry.getKey());
      assertNotNull(
          ours, name + ": no '" + entry.getKey() + "' in rnnc's history " + history.keys());
      assertEquals(entry.getValue().size(), ours.size(), name + " epochs of " + entry.getKey());
      for (int e = 0; e < ours.size(); e++) {
        double expected = entry.getValue().get(e).asDouble();
        assertEquals(
            expected,
            ours.get(e),
            TOLERANCE * Math.max(1, Math.abs(expected)),
            name + " " + entry.getKey() + " of epoch " + (e + 1));
      }
    }
    JsonNode finals = fixture.get("final");
    for (Layer layer : model.layers()) {
      JsonNode variables = finals.get(layer.name());
      if (variables == null) {
        continue;
      }
      variables
          .properties()
          .forEach(
              v -> {
                float[] expected = flatten(v.getValue());
                float[] actual = layer.variable(v.getKey()).get();
                assertEquals(
                    expected.length, actual.length, name + " " + layer.name() + "/" + v.getKey());
                double scale = 0;
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                  scale = Math.max(scale, Math.abs(expected[i]));
                  worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
                }
                assertTrue(
                    worst <= TOLERANCE * Math.max(scale, 1e-3),
                    name
                        + " final "
                        + layer.name()
                        + "/"
                        + v.getKey()
                        + ": max difference "
                        + worst
                        + " at scale "
                        + scale);
              });
    }
    return fixture;
  }

  private static void setWeights(RnncModel model, JsonNode weights) {
    for (Layer layer : model.layers()) {
      JsonNode variables = weights.get(layer.name());
      if (variables != null) {
        variables.properties().forEach(v -> layer.variable(v.getKey()).set(flatten(v.getValue())));
      }
    }
  }

  static JsonNode read(String name) throws IOException {
    try (InputStream in =
        TrainingParityTest.class.getResourceAsStream("/fixtures/training/" + name + ".json")) {
      assertNotNull(in, "missing fixture " + name + " (tools/goldens/keras_training_parity.py)");
      return JSON.readTree(in);
    }
  }

  private static float[] flatten(JsonNode node) {
    List<Float> values = new java.util.ArrayList<>();
    collect(node, values);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static void collect(JsonNode node, List<Float> values) {
    if (node.isArray()) {
      node.forEach(child -> collect(child, values));
    } else {
      values.add((float) node.asDouble());
    }
  }

  static float[][][] floats3(JsonNode node) {
    return map(node, n -> map(n, TrainingParityTest::floats1, float[][]::new), float[][][]::new);
  }

  static float[][] floats2(JsonNode node) {
    return map(node, TrainingParityTest::floats1, float[][]::new);
  }

  private static float[] floats1(JsonNode node) {
    float[] out = new float[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) node.get(i).asDouble();
    }
    return out;
  }

  static int[][] ints2(JsonNode node) {
    int[][] out = new int[node.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = ints(node.get(i));
    }
    return out;
  }

  private static int[] ints(JsonNode node) {
    int[] out = new int[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asInt();
    }
    return out;
  }

  private static <T> T[] map(
      JsonNode node, Function<JsonNode, T> f, java.util.function.IntFunction<T[]> array) {
    T[] out = array.apply(node.size());
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(node.get(i));
    }
    return out;
  }
}
