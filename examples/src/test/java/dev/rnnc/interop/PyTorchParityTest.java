package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.PyTorchMapping;
import dev.rnnc.runtime.io.PyTorchWeights;
import dev.rnnc.runtime.io.WeightsException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models compiled by rnnc, loaded from state_dicts saved by real PyTorch 2.13 with safetensors,
 * must reproduce PyTorch's outputs to {@link InteropFixture#TOLERANCE}. Fixtures: {@code
 * tools/goldens/torch_fixtures.py}. {@code h_n} of the last layer is checked as the last timestep
 * of the output here; bidirectional and {@code proj_size} modules, with every {@code h_n} and
 * {@code c_n}, are in {@link PyTorchStatesParityTest}.
 */
class PyTorchParityTest {

  @AfterAll
  static void report() {
    System.out.printf("PyTorch parity: worst |rnnc - torch| = %.3g%n", InteropFixture.worstSeen());
  }

  private static InteropFixture fixture(String name) {
    return InteropFixture.load("torch", name);
  }

  private static Path weights(InteropFixture f) {
    return InteropFixture.resource("torch/" + f.get("weights").asText());
  }

  /** Every sample through the single-sample call, compared with {@code expected[b]}. */
  private static void checkSamples(InteropFixture f, String key, Function<float[][], Object> call) {
    float[][][] input = f.floats3("input");
    JsonNode expected = f.get(key);
    assertEquals(expected.size(), input.length);
    for (int b = 0; b < input.length; b++) {
      InteropFixture.assertClose(
          f.name() + " " + key + ", sample " + b, expected.get(b), call.apply(input[b]));
    }
  }

  /** The last layer's final hidden state h_n[-1] equals the sequence output's last timestep. */
  private static void checkFinalState(
      InteropFixture f, Function<float[][], float[][]> sequenceCall) {
    float[][][] input = f.floats3("input");
    JsonNode hN = f.get("h_n");
    JsonNode last = hN.get(hN.size() - 1);
    for (int b = 0; b < input.length; b++) {
      float[][] out = sequenceCall.apply(input[b]);
      InteropFixture.assertClose(
          f.name() + " h_n[-1], sample " + b, last.get(b), out[out.length - 1]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm_stack", "lstm_stack_f16", "lstm_stack_bf16", "lstm_stack_f64"})
  void lstmStackWithLinearPerTimestep(String name) throws Exception {
    InteropFixture f = fixture(name);
    var model = RnncTorchModels_LstmStack.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "head", model::predict);
    InteropFixture.assertClose(name + " batch", f.get("head"), model.predict(f.floats3("input")));
  }

  @Test
  void lstmStackTopLayerOutputsAndFinalState() throws Exception {
    InteropFixture f = fixture("lstm_stack");
    var model = RnncTorchModels_LstmTop.create(0);
    PyTorchWeights.load(weights(f), model, PyTorchMapping.byName().ignore("fc"));
    checkSamples(f, "output", model::predict);
    checkFinalState(f, model::predict);
  }

  @Test
  void lstmStackHeadOnLastStep() throws Exception {
    InteropFixture f = fixture("lstm_stack");
    var model = RnncTorchModels_LstmLast.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "head_last", model::predict);
  }

  @Test
  void bareSeqMajorGru() throws Exception {
    InteropFixture f = fixture("gru");
    var model = RnncTorchModels_Gru.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "output", model::predict);
    checkFinalState(f, model::predict);
  }

  @Test
  void bareTanhRnn() throws Exception {
    InteropFixture f = fixture("rnn_tanh");
    var model = RnncTorchModels_RnnTanh.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "output", model::predict);
    checkFinalState(f, model::predict);
  }

  @Test
  void twoLayerReluRnn() throws Exception {
    InteropFixture f = fixture("rnn_relu");
    var model = RnncTorchModels_RnnRelu.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "output", model::predict);
    checkFinalState(f, model::predict);
  }

  @Test
  void embeddingLstmLinearByName() throws Exception {
    InteropFixture f = fixture("embedding_lstm");
    var model = RnncTorchModels_EmbeddingLstm.create(0);
    PyTorchWeights.load(weights(f), model);
    int[][] ids = f.ints2("input");
    JsonNode head = f.get("head");
    for (int b = 0; b < ids.length; b++) {
      InteropFixture.assertClose(
          "embedding_lstm head, sample " + b, head.get(b), model.predict(ids[b]));
    }
  }

  @Test
  void twoLinearModulesToldApartByShape() throws Exception {
    InteropFixture f = fixture("gru_mlp");
    var model = RnncTorchModels_GruMlp.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "head", model::predict);
  }

  @Test
  void twoLinearModulesByExplicitMapping() throws Exception {
    InteropFixture f = fixture("gru_mlp");
    var model = RnncTorchModels_GruMlp.create(0);
    PyTorchWeights.load(
        weights(f),
        model,
        PyTorchMapping.byName()
            .layer("encoder", "encoder")
            .layer("fc1", "hidden")
            .layer("fc2", "out"));
    checkSamples(f, "head", model::predict);
  }

  @Test
  void withoutBiases() throws Exception {
    InteropFixture f = fixture("lstm_no_bias");
    var model = RnncTorchModels_LstmNoBias.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "head", model::predict);
  }

  @Test
  void withoutBiasesIntoLayersWithBiasesIsRefusedNamingEachTensor() throws Exception {
    // bias=False in PyTorch, useBias = true (the default) here: the interface must say useBias =
    // false.
    var model = RnncTorchModels_LstmWithBias.create(3);
    WeightsException e =
        assertFailsUnchanged(
            model, model::predict, "torch/lstm_no_bias.safetensors", PyTorchMapping.byName());
    assertContains(
        e,
        "lstm (LSTM): the file has no lstm.bias_ih_l0 and lstm.bias_hh_l0, but the layer has a bias"
            + " (useBias = true, the default); if the PyTorch layer has bias=False, declare useBias = false");
    assertContains(e, "fc (Dense): the file has no fc.bias, but the layer has a bias");
    assertEquals(2, e.problems().size(), e.getMessage());
  }

  @Test
  void stateDictMissingTheHeadBiasIsRefused(@TempDir Path tmp) throws Exception {
    // lstm_stack as PyTorch saved it, less fc.bias: it used to load with a zero bias and other
    // predictions.
    Path file =
        SafeTensorsFiles.without(
            InteropFixture.resource("torch/lstm_stack.safetensors"),
            "fc.bias",
            tmp.resolve("lstm_stack_no_fc_bias.safetensors"));
    var model = RnncTorchModels_LstmStack.create(3);
    WeightsException e = assertFailsUnchanged(model, model::predict, file, PyTorchMapping.byName());
    assertEquals(
        List.of(
            "fc (Dense): the file has no fc.bias, but the layer has a bias (useBias = true, the default);"
                + " if the PyTorch layer has bias=False, declare useBias = false, otherwise the state_dict is incomplete"),
        e.problems());

    // The complete file loads into the same instance and reproduces PyTorch.
    InteropFixture f = fixture("lstm_stack");
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "head", model::predict);
  }

  @Test
  void lstmCell() throws Exception {
    InteropFixture f = fixture("lstm_cell");
    var model = RnncTorchModels_LstmSingle.create(0);
    PyTorchWeights.load(weights(f), model);
    checkSamples(f, "output", model::predict);
  }

  // ---- refused: clear error, predictions unchanged ----

  @Test
  void resetBeforeGruIsRefused() throws Exception {
    var model = RnncTorchModels_GruResetBefore.create(3);
    WeightsException e =
        assertFailsUnchanged(
            model, model::predict, "torch/gru.safetensors", PyTorchMapping.byName());
    assertContains(
        e, "gru (GRU): declared with resetAfter = false, which PyTorch's GRU does not compute");
  }

  @Test
  void bidirectionalIntoAPlainLayerSaysWhatToDeclare() throws Exception {
    var model = RnncTorchModels_LstmSingle.create(3);
    WeightsException e =
        assertFailsUnchanged(
            model, model::predict, "torch/bilstm.safetensors", PyTorchMapping.byName());
    assertContains(
        e,
        "cell (LSTM): lstm[0] is bidirectional (lstm.bias_hh_l0_reverse, lstm.bias_ih_l0_reverse,"
            + " lstm.weight_hh_l0_reverse, lstm.weight_ih_l0_reverse); declare the layer @Bidirectional(mergeMode ="
            + " \"concat\") @LSTM(units = 5) to load both directions (PyTorch concatenates them)");
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void projectionIntoAPlainLayerSaysWhatToDeclare() throws Exception {
    var model = RnncTorchModels_LstmSingle.create(3);
    WeightsException e =
        assertFailsUnchanged(
            model, model::predict, "torch/lstm_proj.safetensors", PyTorchMapping.byName());
    assertContains(
        e,
        "cell (LSTM): lstm[0] has proj_size = 3 (lstm.weight_hr_l0 (3, 6) F32); declare"
            + " @LSTM(units = 6, projSize = 3) to load its projection");
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void unusedModuleIsAnErrorUnlessIgnored() throws Exception {
    var model = RnncTorchModels_LstmTop.create(3);
    WeightsException e =
        assertFailsUnchanged(
            model, model::predict, "torch/lstm_stack.safetensors", PyTorchMapping.byName());
    assertContains(
        e,
        "PyTorch layer fc (Linear: fc.bias (2,) F32, fc.weight (2, 5) F32) matches no layer of the"
            + " model (wrong file? to leave it out, pass PyTorchMapping.byName().ignore(\"fc\"))");
  }

  @Test
  void wrongSizesNameBothShapes() throws Exception {
    var model = RnncTorchModels_Gru.create(3);
    WeightsException e =
        assertFailsUnchanged(
            model, model::predict, "torch/rnn_tanh.safetensors", PyTorchMapping.byName());
    assertContains(e, "gru (GRU): the file has no PyTorch layer left that could be a GRU");
    assertContains(e, "PyTorch layer [0] (RNN: ");
  }

  /** A failed load throws and the model's predictions stay bit-identical. */
  private static WeightsException assertFailsUnchanged(
      RnncModel model,
      Function<float[][], float[][]> predict,
      String file,
      PyTorchMapping mapping) {
    return assertFailsUnchanged(model, predict, InteropFixture.resource(file), mapping);
  }

  private static WeightsException assertFailsUnchanged(
      RnncModel model, Function<float[][], float[][]> predict, Path path, PyTorchMapping mapping) {
    float[][] sample = new float[7][model.layers().getFirst().kernel().shape()[0]];
    for (int t = 0; t < sample.length; t++) {
      for (int i = 0; i < sample[t].length; i++) {
        sample[t][i] = (float) Math.sin(1.3 * t + i);
      }
    }
    float[][] before = predict.apply(sample);
    WeightsException e =
        assertThrows(WeightsException.class, () -> PyTorchWeights.load(path, model, mapping));
    assertEquals(path, e.file());
    float[][] after = predict.apply(sample);
    for (int t = 0; t < before.length; t++) {
      assertArrayEquals(
          before[t], after[t], "prediction changed by a failed load at timestep " + t);
    }
    return e;
  }

  private static void assertContains(Exception e, String text) {
    assertTrue(
        e.getMessage().contains(text), () -> "expected «" + text + "» in:\n" + e.getMessage());
  }
}
