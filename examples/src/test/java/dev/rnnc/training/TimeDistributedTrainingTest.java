package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats3;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code @TimeDistributed @Dense} in the generated {@code fit}: Keras trajectory parity of
 * GRU(reset_after=False, return_sequences) into TimeDistributed(Dense(3, softmax)) with Adagrad and
 * categorical cross-entropy per timestep (tools/goldens/keras_training_parity.py, case {@code
 * gru_time_distributed_adagrad_cce}). The Dense step's gradients are the ones {@code
 * DenseEmbeddingGradientsTest} checks against finite differences, applied to every timestep's row.
 */
class TimeDistributedTrainingTest {

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "adagrad",
      learningRate = 0.05,
      loss = "categorical_crossentropy",
      metrics = "accuracy")
  interface GruTimeDistributedAdagradCce {
    @GRU(units = 6, resetAfter = false, returnSequences = true)
    Layer gru();

    @TimeDistributed
    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  @Test
  void gruResetBeforeIntoTimeDistributedDenseAsKeras() throws IOException {
    var model = RnncTimeDistributedTrainingTest_GruTimeDistributedAdagradCce.create(0);
    TrainingParityTest.check(
        "gru_time_distributed_adagrad_cce",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats3(f.get("y")), o));
  }
}
