package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras' {@code sample_weight} (a {@code float[]} after y in {@code fit}) and {@code class_weight}
 * ({@code FitOptions.classWeight}) in generated models: trajectory parity with real Keras 3.15.1
 * (tools/goldens/keras_training_parity.py), and the refusals.
 */
class SampleWeightTrainingTest {

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface SampleWeightLstmAdamMse {
    @LSTM(units = 5)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, float[] sampleWeight, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y, float[] sampleWeight);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      loss = "categorical_crossentropy",
      metrics = "accuracy")
  interface ClassWeightGruSgdCce {
    @GRU(units = 5)
    Layer gru();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "rmsprop", loss = "sparse_categorical_crossentropy", metrics = "accuracy")
  interface ClassWeightSimpleRnnRmspropSparse {
    @SimpleRNN(units = 4)
    Layer rnn();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, int[] y, FitOptions options);
  }

  /** A sequence output, whose targets have a class per timestep. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(loss = "categorical_crossentropy")
  interface PerTimestep {
    @LSTM(units = 3, returnSequences = true)
    Layer encoder();

    @Dense(units = 2, activation = "softmax")
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  @Test
  void sampleWeightsAsKeras() throws IOException {
    var model = RnncSampleWeightTrainingTest_SampleWeightLstmAdamMse.create(0);
    TrainingParityTest.check(
        "sample_weight_lstm_adam_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x")), floats2(f.get("y")), floats1(f.get("sample_weight")), o));
  }

  @Test
  void classWeightsOfOneHotTargetsAsKeras() throws IOException {
    var model = RnncSampleWeightTrainingTest_ClassWeightGruSgdCce.create(0);
    TrainingParityTest.check(
        "class_weight_gru_sgd_cce",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x")),
                floats2(f.get("y")),
                o.classWeight(classWeight(f.get("class_weight")))));
  }

  @Test
  void classWeightsOfLabelsAsKeras() throws IOException {
    var model = RnncSampleWeightTrainingTest_ClassWeightSimpleRnnRmspropSparse.create(0);
    TrainingParityTest.check(
        "class_weight_simple_rnn_rmsprop_sparse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x")),
                ints1(f.get("y")),
                o.classWeight(classWeight(f.get("class_weight")))));
  }

  @Test
  void wrongWeightsAreRefusedBeforeTraining() {
    var model = RnncSampleWeightTrainingTest_SampleWeightLstmAdamMse.create(0);
    float[][][] x = new float[4][6][3];
    float[][] y = new float[4][1];
    IllegalArgumentException count =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(x, y, new float[3], new FitOptions().batchSize(4).verbose(0)));
    assertTrue(count.getMessage().contains("3 weights for 4 samples"), count.getMessage());
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.fit(
                    x,
                    y,
                    new float[4],
                    new FitOptions().batchSize(4).verbose(0).classWeight(Map.of(0, 2.0))));
    assertTrue(both.getMessage().contains("classWeight"), both.getMessage());
    var sequence = RnncSampleWeightTrainingTest_PerTimestep.create(0);
    IllegalArgumentException perTimestep =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                sequence.fit(
                    x,
                    new float[4][6][2],
                    new FitOptions().batchSize(4).verbose(0).classWeight(Map.of(0, 2.0))));
    assertTrue(
        perTimestep.getMessage().contains("one class per timestep"), perTimestep.getMessage());
  }

  private static Map<Integer, Double> classWeight(JsonNode node) {
    Map<Integer, Double> weights = new HashMap<>();
    node.properties()
        .forEach(e -> weights.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
    return weights;
  }

  private static float[] floats1(JsonNode node) {
    float[] out = new float[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) node.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints1(JsonNode node) {
    int[] out = new int[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asInt();
    }
    return out;
  }
}
