package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static dev.rnnc.training.TrainingParityTest.ints2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.nn.RecurrentDropouts;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keras trajectory parity of {@code dropout} and {@code recurrentDropout}: Keras' masks are random,
 * so tools/goldens/keras_recurrent_dropout_parity.py hands Keras 3.15.1 masks of its own (through
 * the cells' {@code get_dropout_mask} / {@code get_recurrent_dropout_mask}) and records them; here
 * the generated {@code fit} replays the same masks ({@link RecurrentDropouts#replay}) and, as in
 * {@link TrainingParityTest}, must log Keras' running loss after every batch and end with Keras'
 * per-epoch losses and metrics and final weights within 1e-4. Every recorded mask must be used,
 * once, in order.
 */
class RecurrentDropoutParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void stopReplaying() {
    RecurrentDropouts.replay(null);
  }

  @Test
  void lstmWithBothDropoutsAdamMse() throws IOException {
    var model = RnncDropoutTrainingModels_LstmBothAdamMse.create(0);
    check(
        "dropout_lstm_both_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void gruInputDropoutThenResetBeforeGruWithBothSgdCce() throws IOException {
    var model = RnncDropoutTrainingModels_GruStackSgdCce.create(0);
    check(
        "dropout_gru_stack_sgd_cce",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void simpleRnnWithBothThenGruRecurrentDropoutRmspropBce() throws IOException {
    var model = RnncDropoutTrainingModels_SimpleRnnGruRmspropBce.create(0);
    check(
        "dropout_simple_rnn_gru_rmsprop_bce",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void maskedBidirectionalLstmAndStackedCellsSgdBce() throws IOException {
    var model = RnncDropoutTrainingModels_MaskedBidirectionalCellsSgdBce.create(0);
    check(
        "dropout_masked_bidirectional_cells_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  private static void check(String name, RnncModel model, TrainingParityTest.Fit fit)
      throws IOException {
    JsonNode masks = read(name).get("masks");
    Map<String, Integer> used = new HashMap<>();
    RecurrentDropouts.replay(
        (layer, recurrent, count, perSample, width) -> {
          JsonNode entry = masks.path(layer).path(recurrent ? "recurrent" : "input");
          assertNotNull(entry.get("calls"), name + ": Keras drew no such masks for " + layer);
          String key = layer + (recurrent ? "/recurrent" : "/input");
          int call = used.merge(key, 1, Integer::sum) - 1;
          JsonNode flags = entry.get("calls").get(call);
          assertNotNull(flags, name + ": more calls than Keras made for " + key);
          assertEquals(count * perSample * width, flags.size(), name + ": shape of " + key);
          float kept = (float) (1 / (1 - entry.get("rate").asDouble()));
          float[] values = new float[flags.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = flags.get(i).asInt() == 1 ? kept : 0f;
          }
          return values;
        });
    TrainingParityTest.check(name, model, fit);
    masks
        .properties()
        .forEach(
            layer ->
                layer
                    .getValue()
                    .properties()
                    .forEach(
                        kind ->
                            assertEquals(
                                kind.getValue().get("calls").size(),
                                used.getOrDefault(layer.getKey() + "/" + kind.getKey(), 0),
                                name
                                    + ": calls replayed of "
                                    + layer.getKey()
                                    + "/"
                                    + kind.getKey())));
  }

  private static JsonNode read(String name) throws IOException {
    try (InputStream in =
        RecurrentDropoutParityTest.class.getResourceAsStream(
            "/fixtures/training/" + name + ".json")) {
      assertNotNull(in, "missing fixture " + name);
      return JSON.readTree(in);
    }
  }
}
