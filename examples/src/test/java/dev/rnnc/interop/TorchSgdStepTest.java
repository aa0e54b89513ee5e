package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.PyTorchWeights;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One SGD step of the generated {@code fit} against {@code torch.autograd}
 * (tools/goldens/torch_sgd_step.py): the model loads the state_dict PyTorch started from, trains
 * one batch at learning rate 1, and each weight's change must be minus PyTorch's gradient (loaded
 * through the same PyTorch mapping into a twin model) within 1e-5 of the variable's largest
 * gradient; the batch loss must be PyTorch's within 1e-5 relative. Covers {@code projSize}, a relu
 * SimpleRNN and {@code numLayers} (LSTM, GRU).
 */
class TorchSgdStepTest {
  private static final double TOLERANCE = 1e-5;
  private static double worstSeen;

  @AfterAll
  static void report() {
    System.out.printf(
        "SGD step vs torch.autograd: worst |step - gradient| / largest gradient = %.3g%n",
        worstSeen);
  }

  /** The worst {@code |step - gradient| / largest gradient} {@link #check} has seen so far. */
  static double worstSeen() {
    return worstSeen;
  }

  @Test
  void lstmProjSize() throws Exception {
    check(
        "lstm_proj",
        RnncTorchSgdModels_LstmProj.create(0),
        RnncTorchSgdModels_LstmProj.create(0),
        (m, x) -> ((TorchSgdModels.LstmProj) m).fit(x.x(), x.y(), x.options()));
  }

  @Test
  void bidirectionalLstmProjSizeEveryTimestep() throws Exception {
    check(
        "bilstm_proj",
        RnncTorchSgdModels_BiLstmProj.create(0),
        RnncTorchSgdModels_BiLstmProj.create(0),
        (m, b) -> ((TorchSgdModels.BiLstmProj) m).fit(b.x(), b.sequenceY(), b.options()));
  }

  @Test
  void reluSimpleRnn() throws Exception {
    check(
        "rnn_relu",
        RnncTorchSgdModels_RnnRelu.create(0),
        RnncTorchSgdModels_RnnRelu.create(0),
        (m, x) -> ((TorchSgdModels.RnnRelu) m).fit(x.x(), x.y(), x.options()));
  }

  @Test
  void lstmNumLayers() throws Exception {
    check(
        "lstm_num_layers",
        RnncTorchSgdModels_LstmNumLayers.create(0),
        RnncTorchSgdModels_LstmNumLayers.create(0),
        (m, x) -> ((TorchSgdModels.LstmNumLayers) m).fit(x.x(), x.y(), x.options()));
  }

  @Test
  void gruNumLayers() throws Exception {
    check(
        "gru_num_layers",
        RnncTorchSgdModels_GruNumLayers.create(0),
        RnncTorchSgdModels_GruNumLayers.create(0),
        (m, x) -> ((TorchSgdModels.GruNumLayers) m).fit(x.x(), x.y(), x.options()));
  }

  @Test
  void projectedLstmNumLayers() throws Exception {
    check(
        "lstm_num_layers_proj",
        RnncTorchSgdModels_LstmNumLayersProj.create(0),
        RnncTorchSgdModels_LstmNumLayersProj.create(0),
        (m, x) -> ((TorchSgdModels.LstmNumLayersProj) m).fit(x.x(), x.y(), x.options()));
  }

  @Test
  void bidirectionalProjectedLstmNumLayersEveryTimestep() throws Exception {
    check(
        "bilstm_num_layers_proj",
        RnncTorchSgdModels_BiLstmNumLayersProj.create(0),
        RnncTorchSgdModels_BiLstmNumLayersProj.create(0),
        (m, b) -> ((TorchSgdModels.BiLstmNumLayersProj) m).fit(b.x(), b.sequenceY(), b.options()));
  }

  /** One batch of the fixture and the options of one unshuffled step. */
  record Batch(float[][][] x, InteropFixture fixture, FitOptions options) {
    float[][] y() {
      return InteropFixture.floats2(fixture.get("y"));
    }

    float[][][] sequenceY() {
      return fixture.floats3("y");
    }
  }

  /**
   * Loads the state_dict into {@code model} and the gradients into its twin, fits the fixture's
   * batch once and compares each weight's step with minus PyTorch's gradient.
   */
  static void check(
      String name, RnncModel model, RnncModel gradients, BiFunction<Object, Batch, History> fit)
      throws Exception {
    InteropFixture f = InteropFixture.load("torch", "sgd_" + name);
    PyTorchWeights.load(InteropFixture.resource("torch/sgd_" + name + ".safetensors"), model);
    PyTorchWeights.load(
        InteropFixture.resource("torch/sgd_" + name + ".grad.safetensors"), gradients);
    // an embedded model's fixture holds token ids instead (read by its fit lambda)
    float[][][] x = f.has("x") ? f.floats3("x") : null;
    int batch = x != null ? x.length : f.get("ids").size();
    java.util.List<float[]> before = new java.util.ArrayList<>();
    model.layers().forEach(l -> l.variables().forEach(v -> before.add(v.get())));
    History history =
        fit.apply(
            model, new Batch(x, f, new FitOptions().batchSize(batch).shuffle(false).verbose(0)));
    double loss = f.get("loss").asDouble();
    assertEquals(loss, history.get("loss").getFirst(), TOLERANCE * Math.abs(loss), name + " loss");
    int k = 0;
    int checked = 0;
    for (int l = 0; l < model.layers().size(); l++) {
      Layer layer = model.layers().get(l);
      for (Variable v : layer.variables()) {
        float[] w0 = before.get(k++);
        float[] w1 = v.get();
        float[] torch = gradients.layers().get(l).variable(v.name()).get();
        assertEquals(torch.length, w1.length, name + " " + layer.name() + "/" + v.name());
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < w1.length; i++) {
          scale = Math.max(scale, Math.abs(torch[i]));
          worst = Math.max(worst, Math.abs((w0[i] - w1[i]) - torch[i]));
        }
        worstSeen = Math.max(worstSeen, worst / scale);
        assertTrue(scale > 0, name + " " + layer.name() + "/" + v.name() + ": no gradient");
        assertTrue(
            worst <= TOLERANCE * scale,
            name
                + " "
                + layer.name()
                + "/"
                + v.name()
                + ": max |step - torch gradient| "
                + worst
                + " at scale "
                + scale);
        checked++;
      }
    }
    assertTrue(checked >= 5, name + ": only " + checked + " variables");
  }
}
