package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.RnncWeights;
import dev.rnnc.runtime.io.TrainingCheckpoint;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.io.WeightsException;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.ModelCheckpoint;
import dev.rnnc.runtime.train.TrainableModel;
import dev.rnnc.testing.ArrayAssert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving and resuming training: a fit interrupted after some epochs, saved with {@link
 * TrainingCheckpoint#save}, loaded into a fresh model and resumed with {@code initialEpoch} gives
 * the same per-epoch losses and final weights, bit for bit, as the fit that was never interrupted
 * (Adam's moments and iterations, the Dropout draws and the shuffle order all continue).
 *
 * <p>Bit for bit needs the same arithmetic in both fits, whichever JIT tier runs each: the training
 * kernels' activations ({@code activateRepeatably}) and sums have the same bits in every tier, on
 * the vector kernels as on the scalar ones ({@code -Drnnc.vectorBitSize=0}; examples/pom.xml runs
 * this test so too, in execution parity-scalar).
 */
class TrainingCheckpointTest {

  /** Wide enough that the first LSTM's recurrent kernel is stored in panels; Dropout draws. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface CheckpointLstm {
    @LSTM(units = 72, returnSequences = true)
    Layer lower();

    @Dropout(rate = 0.2)
    Layer drop();

    @LSTM(units = 6)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** Adam over a whole Embedding table: rows no batch touches still move with their moments. */
  @RnnModel(input = @Input(timesteps = 8, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface CheckpointEmbedding {
    @Embedding(inputDim = 50, outputDim = 8)
    Layer embed();

    @LSTM(units = 6)
    Layer encoder();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /**
   * Recurrent dropout in a layer stored in panels and a reset-before GRU: their masks are drawn
   * from the same training random, whose position the checkpoint keeps.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface CheckpointRecurrentDropout {
    @LSTM(units = 72, returnSequences = true, dropout = 0.2, recurrentDropout = 0.2)
    Layer lower();

    @GRU(units = 6, resetAfter = false, recurrentDropout = 0.3)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** Another model of the same optimizer, for the wrong-file check. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface OtherSgd {
    @LSTM(units = 72, returnSequences = true)
    Layer lower();

    @Dropout(rate = 0.2)
    Layer drop();

    @LSTM(units = 6)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @TempDir Path tmp;

  private static FitOptions options(int epochs) {
    return new FitOptions().epochs(epochs).batchSize(16).seed(11).verbose(0);
  }

  @Test
  void anLstmFitResumedFromACheckpointIsTheUninterruptedFit() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    float[][][] x = new float[72][6][3];
    float[][] y = new float[72][1];
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
      }
      y[i][0] = x[i][0][0] * x[i][5][1] + 0.5f * x[i][3][2];
    }
    assertResumes(
        () -> RnncTrainingCheckpointTest_CheckpointLstm.create(3),
        (model, epochs, initial) -> model.fit(x, y, options(epochs).initialEpoch(initial)),
        RnncTrainingCheckpointTest_CheckpointLstm.create(99));
  }

  @Test
  void aRecurrentDropoutFitResumedFromACheckpointIsTheUninterruptedFit() throws Exception {
    SplittableRandom random = new SplittableRandom(8);
    float[][][] x = new float[64][6][3];
    float[][] y = new float[64][1];
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
      }
      y[i][0] = x[i][1][0] - x[i][4][2];
    }
    assertResumes(
        () -> RnncTrainingCheckpointTest_CheckpointRecurrentDropout.create(3),
        (model, epochs, initial) -> model.fit(x, y, options(epochs).initialEpoch(initial)),
        RnncTrainingCheckpointTest_CheckpointRecurrentDropout.create(99));
  }

  @Test
  void anEmbeddingFitResumedFromACheckpointIsTheUninterruptedFit() throws Exception {
    SplittableRandom random = new SplittableRandom(6);
    int[][] x = new int[64][8];
    float[][] y = new float[64][1];
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < 8; t++) {
        x[i][t] = random.nextInt(40); // rows 40..49 never seen: Adam still moves them after a step
      }
      y[i][0] = x[i][0] < 20 ? 1 : 0;
    }
    assertResumes(
        () -> RnncTrainingCheckpointTest_CheckpointEmbedding.create(3),
        (model, epochs, initial) -> model.fit(x, y, options(epochs).initialEpoch(initial)),
        RnncTrainingCheckpointTest_CheckpointEmbedding.create(99));
  }

  @FunctionalInterface
  interface Fit<M> {
    History fit(M model, int epochs, int initialEpoch);
  }

  private <M> void assertResumes(Supplier<M> create, Fit<M> fit, M fresh) throws Exception {
    M uninterrupted = create.get();
    History whole = fit.fit(uninterrupted, 6, 0);

    M first = create.get();
    History start = fit.fit(first, 3, 0);
    assertEquals(whole.get("loss").subList(0, 3), start.get("loss"));
    Path file = tmp.resolve("run.rnnc-train");
    TrainingCheckpoint saved = TrainingCheckpoint.save(file, first);
    // Whatever the kernels, the state comes back bit for bit: saving it again gives the same bytes.
    M copy = create.get();
    TrainingCheckpoint.load(file, copy);
    Path again = tmp.resolve("again.rnnc-train");
    TrainingCheckpoint.save(again, copy);
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(again)));
    assertEquals(3, saved.epoch());
    assertEquals(0, saved.batch());

    TrainingCheckpoint loaded = TrainingCheckpoint.load(file, fresh);
    assertEquals(saved, loaded);
    assertEquals(
        ((TrainableModel) first).trainingState().optimizer().iterations(),
        ((TrainableModel) fresh).trainingState().optimizer().iterations());
    assertSameWeights(RnncModel.of(first), RnncModel.of(fresh));
    History rest = fit.fit(fresh, 6, loaded.epoch());

    assertEquals(List.of(3, 4, 5), rest.epoch());
    for (String key : whole.keys()) {
      List<Double> expected = whole.get(key).subList(3, 6);
      for (int e = 0; e < 3; e++) {
        String what =
            key + " of epoch " + (e + 3) + ": " + expected.get(e) + " vs " + rest.get(key).get(e);
        assertEquals(
            Double.doubleToRawLongBits(expected.get(e)),
            Double.doubleToRawLongBits(rest.get(key).get(e)),
            what);
      }
    }
    assertSameWeights(RnncModel.of(uninterrupted), RnncModel.of(fresh));
    // The optimizer state too: a checkpoint of either is the same bytes.
    Path a = tmp.resolve("a.rnnc-train");
    Path b = tmp.resolve("b.rnnc-train");
    TrainingCheckpoint.save(a, uninterrupted);
    TrainingCheckpoint.save(b, fresh);
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));

    // Without the optimizer state (weights only), the same resume goes elsewhere: the test has
    // teeth.
    M weightsOnly = create.get();
    fit.fit(weightsOnly, 3, 0);
    M restarted = create.get();
    Weights.load(file, restarted); // a checkpoint's weights load like any rnnc weights
    assertSameWeights(RnncModel.of(first), RnncModel.of(restarted));
    History cold = fit.fit(restarted, 6, 3);
    assertTrue(
        !cold.get("loss").equals(rest.get("loss")),
        "a fresh optimizer should not give the resumed trajectory");
  }

  @Test
  void aCheckpointOfAnotherModelOrOptimizerLoadsNothing() throws Exception {
    var model = RnncTrainingCheckpointTest_CheckpointLstm.create(3);
    float[][][] x = new float[32][6][3];
    float[][] y = new float[32][1];
    model.fit(x, y, options(1));
    Path file = tmp.resolve("lstm.rnnc-train");
    TrainingCheckpoint.save(file, model);

    var other = RnncTrainingCheckpointTest_OtherSgd.create(4);
    float[][] before = weights(RnncModel.of(other));
    WeightsException e =
        assertThrows(WeightsException.class, () -> TrainingCheckpoint.load(file, other));
    assertTrue(
        e.getMessage().contains("it is a checkpoint of model CheckpointLstm, expected OtherSgd"),
        e.getMessage());
    assertTrue(e.getMessage().contains("its optimizer is adam, expected sgd"), e.getMessage());
    ArrayAssert.assertBitIdentical(
        "weights after a refused load", before, weights(RnncModel.of(other)));
    assertEquals(0, other.trainingState().optimizer().iterations());

    var embedding = RnncTrainingCheckpointTest_CheckpointEmbedding.create(4);
    WeightsException layers =
        assertThrows(WeightsException.class, () -> TrainingCheckpoint.load(file, embedding));
    assertTrue(layers.getMessage().contains("expected CheckpointEmbedding"), layers.getMessage());
    assertTrue(
        layers.getMessage().contains("the model's layer embed (Embedding) is not in the file"),
        layers.getMessage());

    Path weightsOnly = tmp.resolve("lstm.safetensors");
    RnncWeights.save(weightsOnly, model);
    WeightsException plain =
        assertThrows(WeightsException.class, () -> TrainingCheckpoint.load(weightsOnly, model));
    assertTrue(plain.getMessage().contains("without optimizer state"), plain.getMessage());
  }

  @Test
  void modelCheckpointWritesTrainingCheckpointsThroughASaver() throws Exception {
    var model = RnncTrainingCheckpointTest_CheckpointLstm.create(3);
    float[][][] x = new float[32][6][3];
    float[][] y = new float[32][1];
    String pattern = tmp.resolve("ckpt-{epoch:02d}.rnnc-train").toString();
    model.fit(
        x,
        y,
        options(2)
            .callbacks(
                ModelCheckpoint.builder(pattern)
                    .saver(path -> TrainingCheckpoint.save(path, model))
                    .build()));
    var resumed = RnncTrainingCheckpointTest_CheckpointLstm.create(0);
    assertEquals(1, TrainingCheckpoint.load(tmp.resolve("ckpt-01.rnnc-train"), resumed).epoch());
    assertEquals(2, TrainingCheckpoint.load(tmp.resolve("ckpt-02.rnnc-train"), resumed).epoch());
    assertSameWeights(RnncModel.of(model), RnncModel.of(resumed));
  }

  private static float[][] weights(RnncModel model) {
    List<float[]> all = new ArrayList<>();
    for (Layer layer : model.layers()) {
      for (Variable v : layer.variables()) {
        all.add(v.get());
      }
    }
    return all.toArray(float[][]::new);
  }

  private static void assertSameWeights(RnncModel expected, RnncModel actual) {
    ArrayAssert.assertBitIdentical("weights", weights(expected), weights(actual));
  }
}
