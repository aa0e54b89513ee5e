package dev.rnnc.interop;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One SGD step of {@code fit} with PyTorch's {@code h_n} and {@code c_n} of a {@code numLayers}
 * layer (or one direction's state of its top layer) as training targets beside a head, against
 * {@code torch.autograd} (tools/goldens/torch_state_targets_sgd_step.py), checked as {@link
 * TorchSgdStepTest} checks: each weight's step at learning rate 1 must be minus PyTorch's gradient
 * within 1e-5 of the variable's largest gradient, and the loss (the outputs' weighted sum)
 * PyTorch's within 1e-5 relative. Each row's loss gradient must reach its own layer's and
 * direction's last step: a lower layer's weights then get a gradient from its final states beside
 * the one from the layer above.
 */
class TorchStateTargetsSgdStepTest {

  @AfterAll
  static void report() {
    System.out.printf(
        "SGD step with h_n/c_n targets vs torch.autograd: worst |step - gradient| / largest"
            + " gradient = %.3g%n",
        TorchSgdStepTest.worstSeen());
  }

  @Test
  void lstmNumLayersHnAndCn() throws Exception {
    TorchSgdStepTest.check(
        "state_lstm_num_layers",
        RnncTorchStateTargetsSgdModels_Lstm.create(0),
        RnncTorchStateTargetsSgdModels_Lstm.create(0),
        (m, b) -> {
          JsonNode y = b.fixture().get("y");
          return ((TorchStateTargetsSgdModels.Lstm) m)
              .fit(
                  b.x(),
                  new TorchStateTargetsSgdModels.Lstm.Targets(
                      InteropFixture.floats2(y.get("head")),
                      floats3(y.get("encoderHN")),
                      floats3(y.get("encoderCN"))),
                  b.options());
        });
  }

  @Test
  void projectedLstmNumLayersHnAndCn() throws Exception {
    TorchSgdStepTest.check(
        "state_lstm_num_layers_proj",
        RnncTorchStateTargetsSgdModels_LstmProj.create(0),
        RnncTorchStateTargetsSgdModels_LstmProj.create(0),
        (m, b) -> {
          JsonNode y = b.fixture().get("y");
          return ((TorchStateTargetsSgdModels.LstmProj) m)
              .fit(
                  b.x(),
                  new TorchStateTargetsSgdModels.LstmProj.Targets(
                      InteropFixture.floats2(y.get("head")),
                      floats3(y.get("encoderHN")),
                      floats3(y.get("encoderCN"))),
                  b.options());
        });
  }

  @Test
  void bidirectionalGruNumLayersHn() throws Exception {
    TorchSgdStepTest.check(
        "state_bigru_num_layers",
        RnncTorchStateTargetsSgdModels_BiGru.create(0),
        RnncTorchStateTargetsSgdModels_BiGru.create(0),
        (m, b) -> {
          JsonNode y = b.fixture().get("y");
          return ((TorchStateTargetsSgdModels.BiGru) m)
              .fit(
                  b.x(),
                  new TorchStateTargetsSgdModels.BiGru.Targets(
                      InteropFixture.floats2(y.get("head")), floats3(y.get("encoderHN"))),
                  b.options());
        });
  }

  @Test
  void bidirectionalProjectedLstmNumLayersHnAndCnEveryTimestep() throws Exception {
    TorchSgdStepTest.check(
        "state_bilstm_num_layers_proj",
        RnncTorchStateTargetsSgdModels_BiLstmProj.create(0),
        RnncTorchStateTargetsSgdModels_BiLstmProj.create(0),
        (m, b) -> {
          JsonNode y = b.fixture().get("y");
          return ((TorchStateTargetsSgdModels.BiLstmProj) m)
              .fit(
                  b.x(),
                  new TorchStateTargetsSgdModels.BiLstmProj.Targets(
                      floats3(y.get("head")),
                      floats3(y.get("encoderHN")),
                      floats3(y.get("encoderCN"))),
                  b.options());
        });
  }

  /**
   * One direction's state of the top layer of a bidirectional numLayers LSTM (h_n[-2], c_n[-1]):
   * each loss's gradient enters only that direction's last step of layer 1.
   */
  @Test
  void oneDirectionsStatesOfABidirectionalNumLayersLstm() throws Exception {
    TorchSgdStepTest.check(
        "state_bilstm_num_layers_directions",
        RnncTorchStateTargetsSgdModels_BiLstmDirections.create(0),
        RnncTorchStateTargetsSgdModels_BiLstmDirections.create(0),
        (m, b) -> {
          JsonNode y = b.fixture().get("y");
          return ((TorchStateTargetsSgdModels.BiLstmDirections) m)
              .fit(
                  b.x(),
                  new TorchStateTargetsSgdModels.BiLstmDirections.Targets(
                      InteropFixture.floats2(y.get("head")),
                      InteropFixture.floats2(y.get("encoderForwardH")),
                      InteropFixture.floats2(y.get("encoderBackwardC"))),
                  b.options());
        });
  }

  /** A (batch, rows, width) array of the fixture. */
  private static float[][][] floats3(JsonNode node) {
    float[][][] out = new float[node.size()][][];
    for (int b = 0; b < out.length; b++) {
      out[b] = InteropFixture.floats2(node.get(b));
    }
    return out;
  }
}
