package dev.rnnc.runtime.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-unit Dense model written by hand on the training runtime, as generated code would be: a
 * {@link BatchStep} over the user's arrays, pre-allocated batch buffers, the loss's gradient, one
 * optimizer step. With a sigmoid head it trains binary cross-entropy on the logits, as Keras'
 * TensorFlow backend does behind a sigmoid ({@link BinaryCrossentropy#onLogits()}).
 */
final class DenseModel implements BatchStep {
  final int features;
  final boolean sigmoid;
  final float[] kernel;
  final float[] bias;
  final Optimizer optimizer;
  final Loss loss;
  final List<MeanMetricWrapper> metrics;
  private final float[][] parameters;
  private final float[][] gradients;
  private final float[] yTrue;
  private final float[] logits;
  private final float[] outputs;
  private final float[] rowWeights;
  private final float[] gradient;
  private float[] x;
  private float[] y;

  /** Every batch the loop asked for: the samples, and whether it trained. */
  final List<int[]> trainedBatches = new ArrayList<>();

  final List<int[]> evaluatedBatches = new ArrayList<>();

  /** The loss to return instead of the real one for the n-th training step, if any. */
  int poisonStep = -1;

  private int trainingSteps;

  DenseModel(
      int features,
      boolean sigmoid,
      float[] kernel,
      float[] bias,
      Optimizer optimizer,
      Loss loss,
      List<MeanMetricWrapper> metrics,
      int maxBatch) {
    this.features = features;
    this.sigmoid = sigmoid;
    this.kernel = kernel.clone();
    this.bias = bias.clone();
    this.optimizer = optimizer;
    this.loss = sigmoid ? ((BinaryCrossentropy) loss).onLogits() : loss;
    this.metrics = metrics;
    this.parameters = new float[][] {this.kernel, this.bias};
    this.gradients = new float[][] {new float[features], new float[1]};
    this.yTrue = new float[maxBatch];
    this.logits = new float[maxBatch];
    this.outputs = new float[maxBatch];
    this.rowWeights = new float[maxBatch];
    this.gradient = new float[maxBatch];
  }

  /** Points the model at a data set (x row-major, one target per sample). */
  DenseModel data(float[] x, float[] y) {
    this.x = x;
    this.y = y;
    return this;
  }

  TrainableState state() {
    return TrainableState.of(kernel, bias);
  }

  @Override
  public double step(int[] order, int from, int count, float[] sampleWeights, boolean training) {
    int[] samples = java.util.Arrays.copyOfRange(order, from, from + count);
    (training ? trainedBatches : evaluatedBatches).add(samples);
    for (int i = 0; i < count; i++) {
      int s = order[from + i];
      float z = bias[0];
      for (int f = 0; f < features; f++) {
        z += x[s * features + f] * kernel[f];
      }
      logits[i] = z;
      outputs[i] = sigmoid ? (float) (1 / (1 + Math.exp(-z))) : z;
      yTrue[i] = y[s];
      rowWeights[i] = sampleWeights == null ? 1f : sampleWeights[s];
    }
    float[] weights = sampleWeights == null ? null : rowWeights;
    OutputLayout layout = OutputLayout.of(1);
    double value =
        loss.compute(
            layout,
            count,
            yTrue,
            sigmoid ? logits : outputs,
            weights,
            null,
            training ? gradient : null);
    if (training && trainingSteps++ == poisonStep) {
      value = Double.NaN;
    }
    if (training && Double.isFinite(value)) {
      java.util.Arrays.fill(gradients[0], 0f);
      gradients[1][0] = 0f;
      for (int i = 0; i < count; i++) {
        int s = order[from + i];
        for (int f = 0; f < features; f++) {
          gradients[0][f] += gradient[i] * x[s * features + f];
        }
        gradients[1][0] += gradient[i];
      }
      optimizer.apply(parameters, gradients);
    }
    for (MeanMetricWrapper metric : metrics) { // compile(metrics=...) are unweighted in Keras
      metric.update(layout, count, yTrue, outputs, null, null);
    }
    return value;
  }
}
