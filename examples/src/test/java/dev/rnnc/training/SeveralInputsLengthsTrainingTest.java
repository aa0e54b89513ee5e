package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code fit(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths, y, FitOptions)} and
 * {@code evaluate(...)} of models with several inputs: Keras' {@code model([a, b], mask=[maskA,
 * maskB])} as each input's lengths right after it (masked steps carry the states and get no
 * gradient; a Concatenate of masked sequences masks with the masks' logical or, of a masked and an
 * unmasked one with none; a sequence output's masked timesteps weigh 0 in the loss and metrics; an
 * input without lengths is read whole). Trajectory parity with real Keras 3.15.1
 * (tools/goldens/keras_lengths_training.py): the running loss after every batch, the per-epoch
 * losses and metrics, evaluate after the fit and the final weights, within 1e-4 relative. The data
 * hold rows of every timestep, rows of padding only in one input, and one empty in both.
 */
class SeveralInputsLengthsTrainingTest {

  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 6, features = 3),
        @Input(name = "b", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface TwoEncoders {
    @LSTM(units = 5)
    Layer left(Layer a);

    @GRU(units = 4)
    Layer right(Layer b);

    @Concatenate
    Layer both(Layer left, Layer right);

    @Dense(units = 2)
    Layer head();

    History fit(
        float[][][] a, int[] aLengths, float[][][] b, int[] bLengths, float[][] y, FitOptions o);

    Logs evaluate(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths, float[][] y);
  }

  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 6, features = 3),
        @Input(name = "b", timesteps = 6, features = 2)
      })
  @Compile(optimizer = "rmsprop", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface MergedSequences {
    @Concatenate
    Layer streams(Layer a, Layer b);

    @GRU(units = 4, returnSequences = true)
    Layer rnn();

    @Dense(units = 2)
    Layer tags();

    History fit(
        float[][][] a,
        int[] aLengths,
        float[][][] b,
        int[] bLengths,
        float[][][] y,
        FitOptions options);

    Logs evaluate(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths, float[][][] y);
  }

  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 6, features = 3),
        @Input(name = "b", timesteps = 6, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error", metrics = "mae")
  interface OneInputMasked {
    @GRU(units = 4, returnSequences = true)
    Layer left(Layer a);

    @LSTM(units = 3, returnSequences = true)
    Layer right(Layer b);

    @Concatenate
    Layer both(Layer left, Layer right);

    @Dense(units = 2)
    Layer tags();

    /** b read whole: Keras' mask=[maskA, None]. */
    History fit(float[][][] a, int[] aLengths, float[][][] b, float[][][] y, FitOptions options);

    Logs evaluate(float[][][] a, int[] aLengths, float[][][] b, float[][][] y);
  }

  @Test
  void twoEncodersEachReadTheirOwnLengthsAsKeras() throws IOException {
    var model = RnncSeveralInputsLengthsTrainingTest_TwoEncoders.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "lengths_two_encoders_adam_mse",
            model,
            (f, o) ->
                model.fit(
                    x(f, "a"),
                    lengths(f, "a"),
                    x(f, "b"),
                    lengths(f, "b"),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            x(fixture, "a"),
            lengths(fixture, "a"),
            x(fixture, "b"),
            lengths(fixture, "b"),
            floats2(fixture.get("y"))));
  }

  @Test
  void mergedSequencesWeighTheOrOfTheirMasksAsKeras() throws IOException {
    var model = RnncSeveralInputsLengthsTrainingTest_MergedSequences.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "lengths_merged_sequences_rmsprop_mse",
            model,
            (f, o) ->
                model.fit(
                    x(f, "a"),
                    lengths(f, "a"),
                    x(f, "b"),
                    lengths(f, "b"),
                    floats3(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            x(fixture, "a"),
            lengths(fixture, "a"),
            x(fixture, "b"),
            lengths(fixture, "b"),
            floats3(fixture.get("y"))));
  }

  @Test
  void oneInputMaskedMergedWithAnUnmaskedOneAsKeras() throws IOException {
    var model = RnncSeveralInputsLengthsTrainingTest_OneInputMasked.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "lengths_one_input_masked_sgd_mse",
            model,
            (f, o) -> model.fit(x(f, "a"), lengths(f, "a"), x(f, "b"), floats3(f.get("y")), o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            x(fixture, "a"), lengths(fixture, "a"), x(fixture, "b"), floats3(fixture.get("y"))));
  }

  private static float[][][] x(JsonNode fixture, String input) {
    return floats3(fixture.get("x").get(input));
  }

  private static int[] lengths(JsonNode fixture, String input) {
    JsonNode node = fixture.get("lengths").get(input);
    int[] lengths = new int[node.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = node.get(i).asInt();
    }
    return lengths;
  }
}
