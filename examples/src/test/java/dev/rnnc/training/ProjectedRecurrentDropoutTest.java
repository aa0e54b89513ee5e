package dev.rnnc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.RecurrentDropouts;
import dev.rnnc.runtime.train.FitOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * An LSTM with PyTorch's {@code projSize} and Keras' {@code recurrentDropout}: the masks multiply
 * the projected {@code h_{t-1}} where it enters each gate's recurrent kernel (one mask per sample
 * and gate, {@code projSize} wide, fixed over the timesteps), as Keras masks an LSTM's {@code h}.
 * Neither framework has both, so the check is the gradient: one SGD step with fixed (replayed)
 * masks against central differences of the loss the same masks give.
 */
class ProjectedRecurrentDropoutTest {

  /**
   * With every layer's masks replayed, fixed, one SGD step over one batch moves each weight by
   * -learningRate times the derivative of the batch's masked loss, which central differences of
   * that loss give ({@code fit}'s logged loss is the forward pass at the weights it starts from;
   * each difference restores the weights after its step). A backward step that ignored the masks,
   * or masked {@code c}, fails.
   */
  @Test
  void oneSgdStepWithFixedMasksFollowsTheMaskedLossesCentralDifferences() {
    Random random = new Random(71);
    int samples = 5;
    float[][][] x = new float[samples][4][2];
    float[][] y = new float[samples][1];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 4; t++) {
        for (int f = 0; f < 2; f++) {
          x[b][t][f] = (float) random.nextGaussian();
        }
      }
      y[b][0] = (float) random.nextGaussian();
    }
    var model = RnncProjectedRecurrentDropoutModels_ProjectedDropoutSgd.create(3);
    SgdStepCheck.randomize(model, 17, 0.8);
    List<Variable> variables = new ArrayList<>();
    for (Layer layer : model.layers()) {
      variables.addAll(layer.variables());
    }
    FitOptions oneStep = new FitOptions().batchSize(samples).shuffle(false).verbose(0);
    DoubleSupplier maskedLoss =
        () -> {
          List<float[]> before = variables.stream().map(Variable::get).toList();
          double loss = model.fit(x, y, oneStep).get("loss").getFirst();
          for (int v = 0; v < variables.size(); v++) {
            variables.get(v).set(before.get(v));
          }
          return loss;
        };
    Map<String, float[]> masks = new HashMap<>();
    Map<String, Integer> calls = new HashMap<>();
    Random draws = new Random(5);
    float kept = (float) (1 / (1 - 0.4));
    RecurrentDropouts.replay(
        (layer, recurrent, count, perSample, width) -> {
          assertTrue(recurrent, "only recurrent masks: " + layer);
          calls.merge(layer + "/" + width, 1, Integer::sum);
          return masks.computeIfAbsent(
              layer,
              k -> {
                float[] values = new float[count * perSample * width];
                for (int i = 0; i < values.length; i++) {
                  values[i] = draws.nextDouble() < 0.4 ? 0f : kept;
                }
                return values;
              });
        });
    try {
      double unmasked = model.evaluate(x, y).get("loss");
      double masked = maskedLoss.getAsDouble();
      assertTrue(
          Math.abs(masked - unmasked) > 1e-5,
          "the masks change the loss beyond rounding: " + masked + " vs " + unmasked);
      SgdStepCheck.Result checked =
          SgdStepCheck.check(model, 0.1, () -> model.fit(x, y, oneStep), maskedLoss, 97);
      assertTrue(checked.checked() > 80, "values checked: " + checked);
      System.out.println("ProjectedDropoutSgd: " + checked);
    } finally {
      RecurrentDropouts.replay(null);
    }
    // one mask per sample and gate over the projected h: projSize values each
    assertEquals(Map.of("lower", 3, "upperForward", 2, "upperBackward", 2), widths(calls));
  }

  /** The mask width each layer asked for, from {@code layer/width} call keys. */
  private static Map<String, Integer> widths(Map<String, Integer> calls) {
    Map<String, Integer> widths = new HashMap<>();
    calls
        .keySet()
        .forEach(
            key ->
                widths.put(
                    key.substring(0, key.indexOf('/')),
                    Integer.parseInt(key.substring(key.indexOf('/') + 1))));
    return widths;
  }
}
