package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Multiply;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code @Bidirectional(mergeMode = "none")} in the generated {@code fit}: each direction's output
 * read apart ({@code @Forward} / {@code @Backward}; the backward sequence in input order, as
 * Keras), and {@code @InitialState} between {@code @Bidirectional} layers: trajectory parity with
 * real Keras 3.15.1 (tools/goldens/keras_merge_none_training.py).
 */
class MergeNoneTrainingTest {

  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface MergeNoneSequences {
    @Bidirectional(mergeMode = "none")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    @Dense(units = 3)
    Layer tags(@Forward("encoder") Layer forward);

    @Concatenate
    Layer joined(@Backward("encoder") Layer backward, Layer tags);

    @GRU(units = 3)
    Layer summary();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error", metrics = "mae")
  interface MergeNoneVectors {
    @Bidirectional(mergeMode = "none")
    @SimpleRNN(units = 4)
    Layer encoder();

    @Multiply
    Layer product(@Forward("encoder") Layer forward, @Backward("encoder") Layer backward);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface BidirectionalInitialState {
    @Bidirectional
    @LSTM(units = 4, returnSequences = true, returnState = true)
    Layer encoder(Layer x);

    @Bidirectional
    @LSTM(units = 4)
    Layer decoder(Layer encoder, @InitialState("encoder") Layer encoderStates);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** Forward states into the forward direction, backward into backward, gradients flowing back. */
  @Test
  void bidirectionalStatesStartABidirectionalLayerAsKeras() throws IOException {
    var model = RnncMergeNoneTrainingTest_BidirectionalInitialState.create(0);
    TrainingParityTest.check(
        "bidirectional_initial_state_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }

  @Test
  void directionSequencesReadApartAsKeras() throws IOException {
    var model = RnncMergeNoneTrainingTest_MergeNoneSequences.create(0);
    TrainingParityTest.check(
        "merge_none_sequences_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }

  @Test
  void directionVectorsMultipliedAsKeras() throws IOException {
    var model = RnncMergeNoneTrainingTest_MergeNoneVectors.create(0);
    TrainingParityTest.check(
        "merge_none_vectors_sgd_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }
}
