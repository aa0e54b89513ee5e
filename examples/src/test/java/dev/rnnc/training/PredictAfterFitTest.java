package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A model that trains also predicts from what it derives from its weights: the folded embedding
 * table (the examples fold tables up to 8 KB: 8 tokens × 4·64 gates × 4 bytes) and the aligned copy
 * of a one-panel recurrent kernel (64 units). The optimizer writes the weights in place, so every
 * step moves their versions; a prediction after {@code fit} must equal that of a fresh model given
 * the trained weights, bit for bit, not the one before.
 */
class PredictAfterFitTest {

  @RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "adam", learningRate = 0.02, loss = "binary_crossentropy")
  interface FoldedLstm {
    @Embedding(inputDim = 8, outputDim = 4)
    Layer embed();

    @LSTM(units = 64)
    Layer encoder();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    float[] predict(int[] ids);

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface PanelGru {
    @GRU(units = 128)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  private static final int SAMPLES = 16;

  @Test
  void foldedEmbeddingAndAlignedLstmFollowTheOptimizer() {
    SplittableRandom random = new SplittableRandom(5);
    int[][] ids = new int[SAMPLES][5];
    float[][] y = new float[SAMPLES][1];
    for (int b = 0; b < SAMPLES; b++) {
      for (int t = 0; t < 5; t++) {
        ids[b][t] = random.nextInt(8);
      }
      y[b][0] = random.nextInt(2);
    }
    RnncPredictAfterFitTest_FoldedLstm model = RnncPredictAfterFitTest_FoldedLstm.create(3);
    float[][] before = new float[SAMPLES][];
    for (int b = 0; b < SAMPLES; b++) {
      before[b] = model.predict(ids[b]); // builds the table and the aligned copy
    }
    model.fit(ids, y, new FitOptions().epochs(3).batchSize(4).seed(1).verbose(0));
    RnncPredictAfterFitTest_FoldedLstm fresh = RnncPredictAfterFitTest_FoldedLstm.create(99);
    copyWeights(model, fresh);
    for (int b = 0; b < SAMPLES; b++) {
      float[] after = model.predict(ids[b]);
      assertArrayEquals(fresh.predict(ids[b]), after, "sample " + b);
      assertTrue(Math.abs(after[0] - before[b][0]) > 1e-5, "fit changed nothing: sample " + b);
    }
  }

  @Test
  void alignedGruInPanelsFollowsTheOptimizer() {
    SplittableRandom random = new SplittableRandom(6);
    float[][][] x = new float[SAMPLES][5][3];
    float[][] y = new float[SAMPLES][1];
    for (int b = 0; b < SAMPLES; b++) {
      for (float[] step : x[b]) {
        for (int f = 0; f < 3; f++) {
          step[f] = (float) random.nextDouble(-1, 1);
        }
      }
      y[b][0] = (float) random.nextDouble(-1, 1);
    }
    RnncPredictAfterFitTest_PanelGru model = RnncPredictAfterFitTest_PanelGru.create(3);
    float[][] before = new float[SAMPLES][];
    for (int b = 0; b < SAMPLES; b++) {
      before[b] = model.predict(x[b]);
    }
    model.fit(x, y, new FitOptions().epochs(3).batchSize(4).seed(1).verbose(0));
    RnncPredictAfterFitTest_PanelGru fresh = RnncPredictAfterFitTest_PanelGru.create(99);
    copyWeights(model, fresh);
    for (int b = 0; b < SAMPLES; b++) {
      float[] after = model.predict(x[b]);
      assertArrayEquals(fresh.predict(x[b]), after, "sample " + b);
      assertTrue(Math.abs(after[0] - before[b][0]) > 1e-5, "fit changed nothing: sample " + b);
    }
  }

  /** Gives {@code to} the weights of {@code from} through {@code Variable.set}. */
  private static void copyWeights(RnncModel from, RnncModel to) {
    for (int i = 0; i < from.layers().size(); i++) {
      for (int j = 0; j < from.layers().get(i).variables().size(); j++) {
        to.layers().get(i).variables().get(j).set(from.layers().get(i).variables().get(j).get());
      }
    }
  }
}
