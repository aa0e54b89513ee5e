package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.interop.TorchStateModels.Returned;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.PyTorchWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bidirectional and {@code proj_size} modules saved by real PyTorch 2.13 (fixtures: {@code
 * tools/goldens/torch_fixtures.py}), loaded into {@code @Bidirectional} and {@code @LSTM(projSize)}
 * layers: the whole output sequence and every layer's final states must match PyTorch's {@code
 * output}, {@code h_n} and {@code c_n} to {@link InteropFixture#TOLERANCE}.
 *
 * <p>rnnc returns a Bidirectional layer's states as Keras does, forward h, c then backward h, c;
 * PyTorch's {@code h_n[layer·2 + direction]} holds them, direction 0 forward, 1 reverse. The top
 * layer's states come from the model itself (returnState); layer 0's from a one-layer twin given
 * the loaded model's layer-0 weights.
 */
class PyTorchStatesParityTest {

  @AfterAll
  static void report() {
    System.out.printf(
        "PyTorch bidirectional/proj_size parity: worst |rnnc - torch| = %.3g%n",
        InteropFixture.worstSeen());
  }

  @Test
  void bidirectionalLstm() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "bilstm");
    var model = RnncTorchStateModels_BiLstm.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 0, 2, model::encode, true);
  }

  @Test
  void twoLayerBidirectionalLstm() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "bilstm2");
    var model = RnncTorchStateModels_BiLstm2.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 1, 2, model::encode, true);
    var lower = RnncTorchStateModels_BiLstm2Lower.create(1);
    copy(model.lower(), lower.lower());
    check(f, 0, 2, lower::encode, false);
  }

  @Test
  void bidirectionalGruSeqMajor() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "bigru");
    var model = RnncTorchStateModels_BiGru.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 0, 2, model::encode, true);
  }

  @Test
  void twoLayerBidirectionalGru() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "bigru2");
    var model = RnncTorchStateModels_BiGru2.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 1, 2, model::encode, true);
    var lower = RnncTorchStateModels_BiGru2Lower.create(1);
    copy(model.lower(), lower.lower());
    check(f, 0, 2, lower::encode, false);
  }

  @Test
  void bidirectionalRnn() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "birnn");
    var model = RnncTorchStateModels_BiRnn.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 0, 2, model::encode, true);
  }

  @Test
  void lstmWithProjection() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "lstm_proj");
    var model = RnncTorchStateModels_LstmProj.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 0, 1, model::encode, true);
  }

  @Test
  void twoLayerLstmWithProjection() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "lstm_proj2");
    var model = RnncTorchStateModels_LstmProj2.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 1, 1, model::encode, true);
    var lower = RnncTorchStateModels_LstmProj2Lower.create(1);
    copy(model.lower(), lower.lower());
    check(f, 0, 1, lower::encode, false);
  }

  @Test
  void twoLayerBidirectionalLstmWithProjection() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "bilstm_proj2");
    var model = RnncTorchStateModels_BiLstmProj2.create(0);
    PyTorchWeights.load(weights(f), model);
    check(f, 1, 2, model::encode, true);
    var lower = RnncTorchStateModels_BiLstmProj2Lower.create(1);
    copy(model.lower(), lower.lower());
    check(f, 0, 2, lower::encode, false);
  }

  @Test
  void bidirectionalTaggerWithTimeDistributedLinear() throws Exception {
    InteropFixture f = InteropFixture.load("torch", "bilstm_tagger");
    var model = RnncTorchStateModels_BiLstmTagger.create(0);
    PyTorchWeights.load(weights(f), model);
    float[][][] input = f.floats3("input");
    for (int b = 0; b < input.length; b++) {
      InteropFixture.assertClose(
          "bilstm_tagger head, sample " + b, f.get("head").get(b), model.tag(input[b]));
    }
    InteropFixture.assertClose("bilstm_tagger head, batch", f.get("head"), model.tag(input));
  }

  /**
   * Runs every sample; compares the output sequence (when {@code output}) and the final states with
   * PyTorch's {@code h_n[layer·D + d]}, {@code c_n[layer·D + d]} for each direction d.
   */
  private static void check(
      InteropFixture f,
      int layer,
      int directions,
      Function<float[][], Returned> run,
      boolean output) {
    float[][][] input = f.floats3("input");
    JsonNode hN = f.get("h_n");
    assertEquals(0, hN.size() % directions);
    for (int b = 0; b < input.length; b++) {
      Returned r = run.apply(input[b]);
      String at = f.name() + " sample " + b;
      if (output) {
        InteropFixture.assertClose(at + " output", f.get("output").get(b), r.output());
      }
      List<float[]> states = r.states();
      int perDirection = states.size() / directions; // LSTM h, c; GRU/RNN h
      assertEquals(directions * perDirection, states.size());
      for (int d = 0; d < directions; d++) {
        int index = layer * directions + d;
        InteropFixture.assertClose(
            at + " h_n[" + index + "]", hN.get(index).get(b), states.get(d * perDirection));
        if (perDirection == 2) {
          InteropFixture.assertClose(
              at + " c_n[" + index + "]",
              f.get("c_n").get(index).get(b),
              states.get(d * perDirection + 1));
        }
      }
    }
  }

  /** Gives {@code to} the values of {@code from}'s variables of the same names. */
  private static void copy(Layer from, Layer to) {
    for (Variable v : to.variables()) {
      v.set(from.variable(v.name()).get());
    }
  }

  private static Path weights(InteropFixture f) {
    return InteropFixture.resource("torch/" + f.get("weights").asText());
  }
}
