package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fit loop's own behaviour: orders, resuming, failures, progress output, callbacks in a real
 * fit.
 */
class FitBehaviourTest {
  static final int SAMPLES = 50;
  static final int FEATURES = 3;
  static final float[] X = new float[SAMPLES * FEATURES];
  static final float[] Y = new float[SAMPLES];

  static {
    SplittableRandom random = new SplittableRandom(7);
    for (int s = 0; s < SAMPLES; s++) {
      double y = 0.5;
      for (int f = 0; f < FEATURES; f++) {
        X[s * FEATURES + f] = (float) random.nextGaussian();
        y += (f + 1) * 0.3 * X[s * FEATURES + f];
      }
      Y[s] = (float) y;
    }
  }

  static DenseModel model(Optimizer optimizer) {
    return new DenseModel(
            FEATURES,
            false,
            new float[FEATURES],
            new float[1],
            optimizer,
            new MeanSquaredError(),
            List.of((MeanMetricWrapper) Metrics.get("mae", 1, false)),
            64)
        .data(X, Y);
  }

  static FitLoop loop(DenseModel model) {
    return new FitLoop(model.optimizer, model.metrics, model.state());
  }

  static FitOptions quiet() {
    return new FitOptions().verbose(0);
  }

  @Test
  void learnsAndVisitsEverySampleOncePerEpochInSeededOrder() {
    DenseModel model = model(Adam.builder().learningRate(0.1).build());
    History history =
        loop(model).fit(TrainingData.of(SAMPLES, model), quiet().epochs(20).batchSize(16).seed(3));
    assertEquals(20, history.size());
    assertTrue(history.last("loss") < 0.05 * history.get("loss").get(0), history.toString());
    assertEquals(List.of("loss", "mae"), history.keys());
    assertEquals(20 * 4, model.trainedBatches.size()); // 16, 16, 16, 2
    assertEquals(2, model.trainedBatches.get(3).length);
    int[] first = concat(model.trainedBatches.subList(0, 4));
    int[] second = concat(model.trainedBatches.subList(4, 8));
    assertFalse(Arrays.equals(first, second), "a new order every epoch");
    assertArrayEquals(range(SAMPLES), sorted(first));
    assertArrayEquals(range(SAMPLES), sorted(second));

    DenseModel again = model(Adam.builder().learningRate(0.1).build());
    loop(again).fit(TrainingData.of(SAMPLES, again), quiet().epochs(2).batchSize(16).seed(3));
    assertArrayEquals(first, concat(again.trainedBatches.subList(0, 4)), "same seed, same order");
  }

  @Test
  void validationSplitHoldsOutTheLastSamplesBeforeShuffling() {
    DenseModel model = model(new SGD());
    History history =
        loop(model)
            .fit(
                TrainingData.of(SAMPLES, model),
                quiet().epochs(2).batchSize(8).validationSplit(0.3).validationBatchSize(4).seed(1));
    assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), history.keys());
    int[] trained = sorted(concat(model.trainedBatches.subList(0, 5)));
    assertArrayEquals(range(35), trained, "floor(50·0.7) = 35 training samples, the first ones");
    int[] evaluated = concat(model.evaluatedBatches.subList(0, 4));
    assertArrayEquals(
        Arrays.stream(range(15)).map(i -> 35 + i).toArray(), evaluated, "the last 15, in order");
    assertEquals(4, model.evaluatedBatches.get(0).length);
  }

  @Test
  void resumingFromSavedStateContinuesBitIdentically() {
    DenseModel straight = model(Adam.builder().learningRate(0.05).build());
    History full =
        loop(straight)
            .fit(TrainingData.of(SAMPLES, straight), quiet().epochs(4).batchSize(8).seed(11));

    DenseModel first = model(Adam.builder().learningRate(0.05).build());
    loop(first).fit(TrainingData.of(SAMPLES, first), quiet().epochs(2).batchSize(8).seed(11));
    WeightSnapshot weights = first.state().snapshot();
    OptimizerState optimizerState = first.optimizer.state();

    DenseModel resumed = model(Adam.builder().learningRate(0.05).build());
    resumed.state().restore(weights);
    resumed.optimizer.loadState(optimizerState);
    History rest =
        loop(resumed)
            .fit(
                TrainingData.of(SAMPLES, resumed),
                quiet().epochs(4).initialEpoch(2).batchSize(8).seed(11));
    assertArrayEquals(straight.kernel, resumed.kernel);
    assertArrayEquals(straight.bias, resumed.bias);
    assertEquals(List.of(2, 3), rest.epoch());
    assertEquals(full.get("loss").subList(2, 4), rest.get("loss"));
  }

  @Test
  void aNanLossStopsWithAnExceptionNamingEpochAndBatch() {
    DenseModel model = model(new SGD());
    model.poisonStep = 9; // epoch 1 (7 batches per epoch), batch 2
    float[] before = new float[FEATURES];
    FitLoop loop = loop(model);
    List<String> ended = new ArrayList<>();
    Callback watcher =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Logs logs) {
            if (batch == 1) {
              System.arraycopy(model.kernel, 0, before, 0, FEATURES);
            }
          }

          @Override
          public void onTrainEnd(Logs logs) {
            ended.add("end");
          }
        };
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () ->
                loop.fit(
                    TrainingData.of(SAMPLES, model),
                    quiet().epochs(5).batchSize(8).seed(1).callbacks(watcher)));
    assertEquals(
        "loss is nan at epoch 2/5, batch 3/7: training stopped; the weights are those of the last finite "
            + "batch (add TerminateOnNaN to stop without an exception)",
        e.getMessage());
    assertEquals(1, e.epoch());
    assertEquals(2, e.batch());
    assertEquals(List.of(0), e.history().epoch());
    assertEquals(List.of("end"), ended, "callbacks still see the end of training");
    assertArrayEquals(before, model.kernel, "the NaN batch changed no weight");
  }

  @Test
  void terminateOnNanStopsLikeKerasWithoutAnException() {
    DenseModel model = model(new SGD());
    model.poisonStep = 9;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History history =
        loop(model)
            .fit(
                TrainingData.of(SAMPLES, model),
                quiet()
                    .epochs(5)
                    .batchSize(8)
                    .seed(1)
                    .callbacks(new TerminateOnNaN())
                    .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertEquals(List.of(0, 1), history.epoch(), "Keras still ends the epoch");
    assertTrue(Double.isNaN(history.last("loss")));
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .contains("Batch 2: Invalid loss, terminating training\n"));
  }

  @Test
  void badOptionsFailBeforeAnyStep() {
    DenseModel model = model(new SGD());
    FitLoop loop = loop(model);
    TrainingData data = TrainingData.of(SAMPLES, model);
    var e =
        assertThrows(IllegalArgumentException.class, () -> loop.fit(data, quiet().batchSize(64)));
    assertEquals("batchSize 64 is larger than the 50 training samples", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> loop.fit(data, quiet().batchSize(40).validationSplit(0.5)));
    assertThrows(
        IllegalArgumentException.class,
        () -> loop.fit(TrainingData.of(1, model), quiet().batchSize(1).validationSplit(0.5)));
    assertThrows(
        IllegalArgumentException.class, () -> loop.fit(data, quiet().classWeight(Map.of(0, 2.0))));
    float[] weights = new float[SAMPLES];
    Arrays.fill(weights, 1f);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            loop.fit(
                data.withSampleWeights(weights).withClasses(i -> 0),
                quiet().classWeight(Map.of(0, 2.0))));
    weights[3] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> data.withSampleWeights(weights));
    assertThrows(
        IllegalArgumentException.class, () -> new FitLoop(null, List.of(Mean.lossTracker()), null));
    assertTrue(model.trainedBatches.isEmpty());
    assertEquals(0, model.optimizer.iterations());
  }

  @Test
  void classWeightsReachTheTrainingStepsOnly() {
    List<float[]> seen = new ArrayList<>();
    BatchStep step =
        (order, from, count, weights, training) -> {
          seen.add(weights == null ? null : weights.clone());
          return 1.0;
        };
    new FitLoop(null, List.of(), null)
        .fit(
            TrainingData.of(10, step).withClasses(i -> i % 3),
            quiet().batchSize(5).validationSplit(0.5).classWeight(Map.of(1, 4.0)));
    assertArrayEquals(new float[] {1, 4, 1, 1, 4, 1, 1, 4, 1, 1}, seen.get(0));
    assertEquals(null, seen.get(1), "validation is unweighted");
  }

  @Test
  void plainLinesWhenTheOutputIsNotATerminal() {
    DenseModel model = model(new SGD());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    loop(model)
        .fit(
            TrainingData.of(SAMPLES, model),
            new FitOptions()
                .epochs(2)
                .batchSize(10)
                .validationSplit(0.2)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .clock(() -> 5.0));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
    assertEquals(5, lines.length, Arrays.toString(lines));
    assertEquals("Epoch 1/2", lines[0]);
    assertTrue(
        lines[1].matches(
            "4/4 - 0s - 0s/step - loss: \\d+\\.\\d{4} - mae: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4}"
                + " - val_mae: \\d+\\.\\d{4}"),
        lines[1]);
    assertEquals("Epoch 2/2", lines[2]);
    assertEquals("", lines[4]);
  }

  @Test
  void aRedrawnBarOnATerminal() {
    DenseModel model = model(new SGD());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    double[] now = {0};
    loop(model)
        .fit(
            TrainingData.of(SAMPLES, model),
            new FitOptions()
                .epochs(1)
                .batchSize(10)
                .dynamicDisplay(true)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .clock(() -> now[0] += 0.1));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(out.startsWith("Epoch"), "no epoch header for a single epoch, as Keras");
    assertTrue(out.startsWith("\r\u001b[1m1/5\u001b[0m \u001b[32m━━━━\u001b[0m"), out);
    assertTrue(
        out.contains(
            "\r\u001b[1m5/5\u001b[0m \u001b[32m━━━━━━━━━━━━━━━━━━━━\u001b[0m\u001b[37m\u001b[0m"),
        out);
    assertTrue(out.endsWith("\n"));
  }

  @Test
  void earlyStoppingRestoresTheBestWeightsOfARealFit() {
    DenseModel model = model(SGD.builder().learningRate(0.05).build());
    List<float[]> kernels = new ArrayList<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onEpochEnd(int epoch, Logs logs) {
            kernels.add(model.kernel.clone());
          }
        };
    EarlyStopping early =
        EarlyStopping.builder().monitor("loss").patience(1).restoreBestWeights(true).build();
    // a loss that rises from epoch 3 on: the step reports it, the weights keep moving
    BatchStep rising =
        new BatchStep() {
          int steps;

          @Override
          public double step(int[] order, int from, int count, float[] w, boolean training) {
            model.step(order, from, count, w, training);
            return Math.abs(++steps / 5 - 2) + 1.0; // epochs 0..: 3, 2, 1, 2, 3 (5 batches each)
          }
        };
    History history =
        new FitLoop(model.optimizer, model.metrics, model.state())
            .fit(
                TrainingData.of(SAMPLES, rising),
                quiet().epochs(10).batchSize(10).shuffle(false).callbacks(recorder, early));
    assertEquals(List.of(0, 1, 2, 3), history.epoch());
    assertEquals(2, early.bestEpoch());
    assertArrayEquals(kernels.get(2), model.kernel);
    assertNotEquals(kernels.get(3)[0], model.kernel[0]);
  }

  @Test
  void reduceLrOnPlateauLogsTheLearningRateIntoTheHistory() {
    DenseModel model = model(SGD.builder().learningRate(0.01).build());
    History history =
        loop(model)
            .fit(
                TrainingData.of(
                    SAMPLES,
                    (order, from, count, w, training) -> {
                      model.step(order, from, count, w, training);
                      return 1.0; // a plateau
                    }),
                quiet()
                    .epochs(4)
                    .batchSize(25)
                    .callbacks(
                        ReduceLROnPlateau.builder()
                            .monitor("loss")
                            .patience(1)
                            .factor(0.5)
                            .build()));
    assertEquals(List.of("loss", "mae", "learning_rate"), history.keys());
    assertEquals(
        List.of((double) 0.01f, (double) 0.01f, (double) 0.005f, (double) 0.0025f),
        history.get("learning_rate"));
  }

  @Test
  void evaluateReturnsLossAndMetrics() {
    DenseModel model = model(new SGD());
    Logs logs = loop(model).evaluate(TrainingData.of(SAMPLES, model), quiet().batchSize(64));
    assertEquals(List.of("loss", "mae"), logs.names());
    double mse = 0;
    for (float y : Y) {
      mse += (double) y * y;
    }
    assertEquals(mse / SAMPLES, logs.get("loss"), 1e-6);
    assertEquals(0, model.optimizer.iterations());
  }

  @Test
  void aStoppedThreadStopsAfterTheBatch() {
    DenseModel model = model(new SGD());
    BatchStep interrupting =
        (order, from, count, w, training) -> {
          Thread.currentThread().interrupt();
          return model.step(order, from, count, w, training);
        };
    try {
      History history =
          loop(model).fit(TrainingData.of(SAMPLES, interrupting), quiet().epochs(3).batchSize(10));
      assertEquals(List.of(0), history.epoch());
      assertEquals(1, model.trainedBatches.size());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void historyPlotsToAPng(@TempDir Path dir) throws Exception {
    DenseModel model = model(Adam.builder().learningRate(0.05).build());
    History history =
        loop(model)
            .fit(
                TrainingData.of(SAMPLES, model),
                quiet().epochs(5).batchSize(10).validationSplit(0.2).validationFreq(2));
    assertEquals(2, history.get("val_loss").size());
    assertEquals(List.of(1, 3), history.epochsOf("val_loss"));
    Path png = dir.resolve("history.png");
    history.plot(png, 640, 480);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(640, image.getWidth());
    assertEquals(480, image.getHeight());
    history.plot(dir.resolve("default.png"));
    assertEquals(800, ImageIO.read(dir.resolve("default.png").toFile()).getWidth());
  }

  static int[] concat(List<int[]> batches) {
    return batches.stream().flatMapToInt(Arrays::stream).toArray();
  }

  static int[] sorted(int[] values) {
    int[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  static int[] range(int n) {
    int[] values = new int[n];
    Arrays.setAll(values, i -> i);
    return values;
  }
}
