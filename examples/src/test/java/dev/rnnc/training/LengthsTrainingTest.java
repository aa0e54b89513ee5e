package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Bidirectional;
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
import org.junit.jupiter.api.Test;

/**
 * {@code fit(float[][][] x, int[] lengths, y, FitOptions)} and {@code evaluate(x, lengths, y)}:
 * Keras' {@code mask=} of each sample's first {@code lengths[b]} timesteps (masked steps carry the
 * states and get no gradient, a sequence output's masked timesteps weigh 0 in the loss and
 * metrics). Trajectory parity with real Keras 3.15.1 calling the first recurrent layer with {@code
 * mask=} (tools/goldens/keras_lengths_training.py): the running loss after every batch, the
 * per-epoch losses and metrics, evaluate after the fit and the final weights, within 1e-4 relative.
 * Each data set holds a sample of length 0 and one of every timestep.
 */
class LengthsTrainingTest {

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface LstmTagger {
    @LSTM(units = 5, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer tags();

    History fit(float[][][] x, int[] lengths, float[][][] y, FitOptions options);

    Logs evaluate(float[][][] x, int[] lengths, float[][][] y);

    float[][][] predict(float[][][] x, int[] lengths);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error", metrics = "mae")
  interface GruSimpleRnn {
    @GRU(units = 4, returnSequences = true)
    Layer lower();

    @SimpleRNN(units = 3)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, int[] lengths, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, int[] lengths, float[][] y);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "rmsprop",
      learningRate = 0.01,
      loss = "categorical_crossentropy",
      metrics = "accuracy")
  interface BidirectionalLstm {
    @Bidirectional
    @LSTM(units = 4)
    Layer encoder();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, int[] lengths, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, int[] lengths, float[][] y);
  }

  @Test
  void lstmTaggerWeighsOnlyRealTimestepsAsKeras() throws IOException {
    var model = RnncLengthsTrainingTest_LstmTagger.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "lengths_lstm_tagger_adam_mse",
            model,
            (f, o) -> model.fit(x(f), lengths(f), floats3(f.get("y")), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(x(fixture), lengths(fixture), floats3(fixture.get("y"))));
  }

  @Test
  void stackedGruSimpleRnnReadsTheLastRealStepAsKeras() throws IOException {
    var model = RnncLengthsTrainingTest_GruSimpleRnn.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "lengths_gru_simple_rnn_sgd_mse",
            model,
            (f, o) -> model.fit(x(f), lengths(f), floats2(f.get("y")), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(x(fixture), lengths(fixture), floats2(fixture.get("y"))));
  }

  @Test
  void bidirectionalLstmBackwardStartsAtTheLastRealStepAsKeras() throws IOException {
    var model = RnncLengthsTrainingTest_BidirectionalLstm.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "lengths_bidirectional_lstm_rmsprop_cce",
            model,
            (f, o) -> model.fit(x(f), lengths(f), floats2(f.get("y")), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(x(fixture), lengths(fixture), floats2(fixture.get("y"))));
  }

  private static float[][][] x(JsonNode fixture) {
    return floats3(fixture.get("x").get("x"));
  }

  private static int[] lengths(JsonNode fixture) {
    JsonNode node = fixture.get("lengths");
    int[] lengths = new int[node.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = node.get(i).asInt();
    }
    return lengths;
  }
}
